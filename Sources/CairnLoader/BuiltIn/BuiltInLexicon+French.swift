extension BuiltInLexicon {
    static let french = #"""
lexicon: builtin_fr
locale: fr
negation:
  triggers: { pas: 8, jamais: 8, non: 2, sans: 8 }
  breaks: [mais, et, ou, donc, parce]
numbers: { un: 1, deux: 2, trois: 3, premier: 1, deuxieme: 2, troisieme: 3 }
"""#
}
