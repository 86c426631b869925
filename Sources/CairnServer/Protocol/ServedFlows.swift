import CairnEngine

/// The flows a server runs, with the JSON of their ready-made arrivals written once.
///
/// For each node whose arrival events are the same in every session (`Engine.readyMadeArrivals`),
/// the bytes `,"events":[…],"input":{…}` of a step result that arrives there are written at load
/// time, the input hint being the node's own (its fixed choices, or its question). A step whose
/// events are that very array (the same storage: `Engine.step` hands it out as it is) gets those
/// bytes copied into its reply instead of being written anew; any other events are written as
/// usual, so a reply never differs from what `FastJSON` (and JSONEncoder) would write.
///
/// The same goes for the fixed choice lists of nodes (`Engine.fixedOptions`): the bytes of each
/// list's JSON array are written once, and a `choices` event or input hint that holds the list
/// of the node its session waits at (the same storage) gets them copied, in a reply that is
/// otherwise written anew (a reprompt, `back`, `help`, a node with variables).
///
/// The bytes live in one block of raw memory that is only read after `init`, so event loops on
/// every core copy from it without touching a reference count. At most `maxBytes` are prepared;
/// nodes past that are written per reply.
final class ServedFlows: @unchecked Sendable {
    let engine: Engine
    /// By node: the base address of its ready-made arrival array (its identity), where its bytes
    /// start in `bytes`, and how many there are; `tag` nil when nothing was prepared.
    private struct Slot {
        var tag: UnsafeRawPointer?
        var start = 0
        var count = 0
    }
    private let slots: UnsafeMutableBufferPointer<Slot>
    /// By node: its fixed options' array base address, and where their JSON array's bytes are.
    private let optionSlots: UnsafeMutableBufferPointer<Slot>
    private let bytes: UnsafeMutableRawBufferPointer
    /// The nodes with prepared bytes.
    let preparedCount: Int
    /// The nodes whose fixed options have prepared bytes.
    let preparedOptionsCount: Int

    static let maxBytes = 16 << 20

    init(_ engine: Engine) {
        self.engine = engine
        let arrivals = engine.readyMadeArrivals
        slots = .allocate(capacity: arrivals.count)
        slots.initialize(repeating: Slot())
        var all = JSONBytes(capacity: 64 * 1024)
        var prepared = 0, used = 0
        for (node, events) in arrivals.enumerated() {
            guard let events, let hint = Self.hint(of: events) else { continue }
            let start = all.count
            FastJSON.writeEventsAndInput(events, hint, into: &all)
            guard all.count <= Self.maxBytes else { break }
            slots[node] = Slot(tag: events.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) },
                               start: start, count: all.count - start)
            prepared += 1
            used = all.count
        }
        let fixed = engine.fixedOptions
        optionSlots = .allocate(capacity: fixed.count)
        optionSlots.initialize(repeating: Slot())
        var preparedOptions = 0
        if all.count <= Self.maxBytes {
            for (node, options) in fixed.enumerated() {
                guard let options, !options.isEmpty else { continue }
                let start = all.count
                var none = FastJSON.LastOptions()
                all.jsonOptions(options, &none)
                guard all.count <= Self.maxBytes else { break }
                optionSlots[node] = Slot(tag: options.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) },
                                         start: start, count: all.count - start)
                preparedOptions += 1
                used = all.count
            }
        }
        preparedOptionsCount = preparedOptions
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, used), alignment: 1)
        block.copyMemory(from: UnsafeRawBufferPointer(rebasing: all.bytes[0..<used]))
        bytes = block
        preparedCount = prepared
        // The arrival and option arrays are the engine's (kept alive with it), so their addresses stay theirs.
        withExtendedLifetime((arrivals, fixed)) {}
    }

    deinit {
        slots.deallocate()
        optionSlots.deallocate()
        bytes.deallocate()
    }

    /// The input hint of a session waiting at a node that arrival left it at: the choices of the
    /// last event, or its question (what `Engine.prompt(for:)` gives at such a node).
    static func hint(of arrival: [Event]) -> InputHint? {
        switch arrival.last {
        case .choices(let options): InputHint(.choices(options))
        case .ask(let variable, let expect, let optional): InputHint(.text(variable: variable, expect: expect, optional: optional))
        default: nil
        }
    }

    /// The prepared bytes for a step that left its session waiting at `node` with `events`, when
    /// those are the node's ready-made arrival itself; else nil.
    func ready(_ events: [Event], waitingAt node: Int) -> ReadyReply? {
        guard node >= 0, node < slots.count, let tag = slots[node].tag else { return nil }
        let same = events.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) == tag }
        guard same else { return nil }
        return ReadyReply(flows: self, start: slots[node].start, count: slots[node].count)
    }

    /// The prepared bytes of the fixed options of `node` (the node a session waits at), if any.
    func options(waitingAt node: Int?) -> ReadyOptions? {
        guard let node, node >= 0, node < optionSlots.count, let tag = optionSlots[node].tag else { return nil }
        return ReadyOptions(tag: tag, bytes: ReadyReply(flows: self, start: optionSlots[node].start, count: optionSlots[node].count))
    }

    fileprivate func write(_ start: Int, _ count: Int, into out: inout JSONBytes) {
        out.append(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + count)]))
    }
}

/// Prepared reply bytes, holding the flows they belong to (so they outlive a reload or a restore
/// that replaces the session while the reply is written).
struct ReadyReply {
    fileprivate let flows: ServedFlows
    fileprivate let start: Int
    fileprivate let count: Int

    func write(into out: inout JSONBytes) { flows.write(start, count, into: &out) }
}

/// The prepared JSON array of a node's fixed options, and the array it was written for (its
/// identity): used for exactly that array, any other options are written anew.
struct ReadyOptions {
    fileprivate let tag: UnsafeRawPointer
    let bytes: ReadyReply

    /// Whether `options` is the very array these bytes were written for.
    func isFor(_ options: [ChoiceOption]) -> Bool {
        options.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } == tag
    }
}
