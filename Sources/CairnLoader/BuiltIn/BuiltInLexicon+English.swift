extension BuiltInLexicon {
    static let english = #"""
lexicon: builtin_en
locale: en
rewrite:
  dont: do not
  cant: can not
  im: i am
  wanna: want to
  gonna: going to
  u: you
  ur: your
  hes: he is
  shes: she is
negation:
  triggers: { not: 8, never: 8, no: 2, nah: 2, nope: 2, without: 8 }
  pseudo: [not only, not just, not sure, do not know]
  breaks: [but, and, or, so, because, though, although, however, i]
numbers: { one: 1, two: 2, three: 3, first: 1, second: 2, third: 3 }
"""#
}
