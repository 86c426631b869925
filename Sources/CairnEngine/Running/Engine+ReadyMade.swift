extension Engine {
    /// By node index: the events of arriving at a waiting node whose messages and prompt are the
    /// same in every session (no conditions, no variables, one language), else nil.
    ///
    /// A step that ends by arriving at such a node with no events before it returns that very
    /// array (the same storage), so a front can recognise it by identity and send what it wrote
    /// for it once (`cairn serve` does). The arrays live as long as the engine.
    public var readyMadeArrivals: [[Event]?] { core.arrivals }

    /// By node index: the options shown at a choices node whose choices never change (no
    /// conditions, literal labels, one language), else nil.
    ///
    /// Every `choices` event and prompt of such a node holds that very array (the same storage),
    /// so a front can recognise it by identity, as with `readyMadeArrivals`. The arrays live as
    /// long as the engine.
    public var fixedOptions: [[ChoiceOption]?] { core.options }
}
