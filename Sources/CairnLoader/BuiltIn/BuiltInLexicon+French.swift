extension BuiltInLexicon {
    /// Cairn's French tables (langage texto, elisions, emoji, number words, negation).
    static let french = #"""
# Les tables de normalisation que Cairn fournit pour le français.
# (The normalization tables Cairn ships for French.)
#
# Avant toute comparaison, chaque réponse (et chaque mot-clé, libellé, membre de concept et motif)
# devient des mots simples : minuscules, SANS ACCENTS, apostrophes supprimées, ponctuation = fin de
# proposition, lettres étirées réduites ("nonnnn" -> "non"). ENSUITE ces tables s'appliquent, mot
# entier par mot entier :
#
#   rewrite:   ce que les gens tapent -> les mots simples que la comparaison voit
#   emoji:     un emoji -> un mot
#   numbers:   un nombre écrit en lettres -> son chiffre (seulement pour choisir par numéro)
#   negation:  les mots qui nient les mots qui les suivent
#
# Règles de cette table :
#   - Les clés sont des mots seuls, écrits comme après normalisation : sans accents et sans
#     apostrophe. L'apostrophe disparaît sans espace : "j'ai" devient "jai", "c'est" devient
#     "cest", "l'image" devient "limage". La première partie de la table redonne l'espace
#     ("jai" -> "j ai") pour les élisions courantes, pour que "image", "ai", "est" se retrouvent.
#   - Les chiffres ne sont jamais réécrits ("2" reste "2").
#   - Les mots ambigus sont laissés tels quels : "ma" (m'a / ma), "ta" (t'a / ta), "sa" (s'a / sa),
#     "tas" (t'as / tas), "mas", "tes" (t'es / tes), "quelle" (qu'elle / quelle), "la" (l'a / la),
#     "si" (si / oui), "tel", "ct" (c'était / ...).
#   - Attention : "tt" devient "tout" ici. Un membre "tt" (TikTok) dans un lexique français
#     deviendrait "tout" : écrire "tiktok".
#   - Guillemets obligatoires pour les clés que YAML lirait autrement : "no", "on", "y", "n"...

lexicon: builtin_fr
locale: fr

rewrite:
  # --- Élisions : l'apostrophe a disparu, on remet l'espace -----------------------------------
  jai: j ai
  cest: c est
  nest: n est
  sest: s est
  quest: qu est
  sil: s il
  quil: qu il
  quils: qu ils
  quon: qu on
  quun: qu un
  quune: qu une
  jen: j en
  jy: j y
  ny: n y
  nai: n ai
  na: n a
  nen: n en
  sen: s en
  men: m en
  daccord: d accord
  dun: d un
  jusqua: jusqu a
  lai: l ai
  lont: l ont
  mont: m ont              # "ils m'ont menacé"
  maider: m aider
  maide: m aide
  menvoie: m envoie
  menvoyer: m envoyer
  jaime: j aime
  jattends: j attends
  jhabite: j habite
  limage: l image
  lecole: l ecole
  lappli: l appli
  lapp: l app
  lautre: l autre
  lordi: l ordi
  laide: l aide
  tinquiete: t inquiete
  nimporte: n importe
  aujourdhui: aujourd hui

  # --- Chat : je + verbe collés ---------------------------------------------------------------
  jsp: je ne sais pas
  jsais: je sais
  chais: je sais
  jcp: je ne sais pas
  chui: je suis
  chuis: je suis
  chu: je suis             # québécois
  chus: je suis
  jsuis: je suis
  jveux: je veux
  jpeux: je peux
  jvais: je vais
  jpense: je pense
  jcrois: je crois
  jfais: je fais
  jdois: je dois
  jdis: je dis
  jvois: je vois
  jsens: je sens
  jme: je me
  jte: je te
  jle: je le
  jla: je la
  jlui: je lui
  jpp: j en peux plus      # "je n'en peux plus" : compte pour la détresse (crisis)
  g: j ai                  # "g peur"
  gt: j etais
  c: c est
  ya: il y a

  # --- Chat : mots courts -------------------------------------------------------------------------
  stp: s il te plait
  svp: s il vous plait
  pk: pourquoi
  pq: pourquoi
  prk: pourquoi
  pcq: parce que
  pck: parce que
  psk: parce que
  bcp: beaucoup
  qqn: quelqu un
  qqun: quelqu un
  qq1: quelqu un
  kelk1: quelqu un
  qqch: quelque chose
  qqc: quelque chose
  tkt: t inquiete          # sans "pas" : ne nie rien
  mdr: lol
  ptdr: lol
  xd: lol
  slt: salut
  cc: coucou
  bjr: bonjour
  dac: d accord
  dacc: d accord
  dak: d accord
  oki: ok
  okok: ok
  ouais: oui
  ouai: oui
  ouep: oui
  ouaip: oui
  wai: oui
  wi: oui
  ui: oui
  nan: non
  nn: non
  nope: non
  vrmt: vraiment
  vrm: vraiment
  jtm: je t aime
  tjr: toujours
  tjrs: toujours
  dsl: desole
  tt: tout
  ts: tous
  tte: toute
  tlm: tout le monde
  mtn: maintenant
  auj: aujourd hui
  ajd: aujourd hui
  pr: pour
  ds: dans
  ac: avec
  avc: avec
  bi1: bien
  koi: quoi
  kan: quand
  kel: quel
  ke: que
  ki: qui
  cv: ca va
  msg: message
  msgs: messages
  pv: message prive
  dm: message prive
  vid: video
  vids: videos
  pic: photo
  pics: photos
  nude: nudes
  tse: tu sais
  pis: puis                # québécois
  ben: bien
  icitte: ici
  pantoute: pas du tout    # québécois
  toe: toi
  moe: moi
  osef: on s en fout
  askip: a ce qu il parait
  dla: de la
  ptn: putain

emoji:
  # Sentiments
  "😭": pleure             # sert aussi à rire : le lexique de crise n'utilise jamais "pleure" seul
  "😢": triste
  "😥": triste
  "😪": triste
  "😞": triste
  "😔": triste
  "😓": triste
  "🙁": triste
  "☹️": triste
  "☹": triste
  "🥲": triste
  "💔": coeur brise
  "😡": fache
  "😠": fache
  "🤬": fache
  "😤": fache
  "😨": peur
  "😰": peur
  "😱": peur
  "😧": peur
  "😟": inquiet
  "😳": gene
  "🙈": gene
  "🫣": gene
  "😩": epuise
  "😫": epuise
  "😖": mal
  "😣": mal
  "😕": confus
  "🤔": hmm
  "😐": hmm
  "🤷": bof
  "🤷‍♀️": bof
  "🤷‍♂️": bof
  "😊": content
  "😀": content
  "😃": content
  "🙂": ok
  "😌": soulage
  "🥺": s il te plait
  "🙏": s il te plait
  "🫂": calin
  "🤗": calin
  "❤️": amour
  "❤": amour
  "💕": amour
  "🖤": amour
  "🥰": amour
  # Rire : "💀" ("je suis mort") et "⚰️" veulent dire "trop drôle", pas la mort
  "💀": lol
  "☠️": lol
  "⚰️": lol
  "😂": lol
  "🤣": lol
  "😆": lol
  # Oui, non, ok, suivant, stop
  "👍": oui
  "👍🏻": oui
  "👍🏼": oui
  "👍🏽": oui
  "👍🏾": oui
  "👍🏿": oui
  "✅": oui
  "✔️": oui
  "☑️": oui
  "👎": non
  "❌": non
  "🙅": non
  "🙅‍♀️": non
  "🙅‍♂️": non
  "👌": ok
  "🆗": ok
  "🙆": ok
  "➡️": suivant
  "⏭️": suivant
  "👉": suivant
  "⬅️": retour
  "🔙": retour
  "🛑": stop
  "✋": stop
  "👋": salut
  "🆘": aide
  "🚨": urgent
  "⚠️": attention
  # Mots de crise et de danger : utilisés seulement avec d'autres mots
  "💊": pilule
  "🔪": couteau
  "🔫": arme
  "🩸": sang
  "🪢": corde
  "🩹": pansement
  "🌉": pont
  # Choses de ce guide
  "📸": photo
  "📷": photo
  "📱": telephone
  "💻": ordinateur
  "🔒": prive
  "🔑": mot de passe
  "👮": police
  "👮‍♀️": police
  "👮‍♂️": police
  "🚓": police
  "🚔": police
  "💰": argent
  "💵": argent
  "💸": argent
  "🤑": argent
  "🤐": secret

numbers:
  # Seulement pour choisir par numéro : "deux", "la deuxième", "2e". Sans accents.
  un: 1
  une: 1
  deux: 2
  trois: 3
  quatre: 4
  cinq: 5
  six: 6
  sept: 7
  huit: 8
  neuf: 9
  dix: 10
  onze: 11
  douze: 12
  premier: 1
  premiere: 1
  1er: 1
  1re: 1
  1ere: 1
  deuxieme: 2
  second: 2
  seconde: 2
  2e: 2
  2eme: 2
  troisieme: 3
  3e: 3
  3eme: 3
  quatrieme: 4
  4e: 4
  4eme: 4
  cinquieme: 5
  5e: 5
  5eme: 5
  sixieme: 6
  6e: 6
  6eme: 6
  septieme: 7
  7e: 7
  7eme: 7
  huitieme: 8
  8e: 8
  8eme: 8
  neuvieme: 9
  9e: 9
  9eme: 9
  dixieme: 10
  10e: 10
  10eme: 10
  onzieme: 11
  11e: 11
  11eme: 11
  douzieme: 12
  12e: 12
  12eme: 12

negation:
  # Un déclencheur nie les mots qui le suivent, jusqu'à sa fenêtre (un nombre de mots), sans
  # jamais passer une coupure. "je ne veux pas aller à la police" : "ne" et "pas" nient
  # "aller a la police". "n'" devient "n" après les élisions ("je n'ai pas" -> "je n ai pas").
  # Pas "plus" (veut aussi dire "davantage" : "plus d'infos") ni "personne" (aussi "une personne").
  triggers:
    ne: 8
    "n": 8
    pas: 8
    jamais: 8
    rien: 4
    aucun: 8
    aucune: 8
    sans: 8
    ni: 4
    nulle part: 8
    pas du tout: 8
    plutot pas: 8
    plutot que: 8        # "la police plutôt que le retrait" : le retrait est nié
    au lieu de: 8
    sauf: 4
    "non": 2
    nan: 2               # (déjà réécrit en "non")
  # Pseudo-déclencheurs : ils ressemblent à une négation mais ne nient rien.
  pseudo:
    - je ne sais pas     # aussi "jsp", "jcp"
    - ne sais pas
    - sais pas           # "je sais pas"
    - pas sur            # "pas sûr"
    - pas sure
    - pas certain
    - pas certaine
    - pas seulement
    - non seulement
    - pas que            # "pas que ça" = pas seulement
    - pas de probleme
    - pas de souci
    - pas de soucis
    - pas grave
    - pas mal            # "pas mal de gens l'ont vu" = beaucoup
    - sans doute         # = probablement
    - sans aucun doute
    - n importe          # "n'importe quoi"
    - ne t inquiete pas
    - inquiete pas
    - pourquoi pas       # = oui
    - ou pas             # "que ce soit ou pas"
    - peux pas croire    # "je peux pas croire qu'il l'a publiée" : "publiee" compte encore
    - n en reviens pas
    - ne pas mentir      # "pour ne pas mentir" (= ngl)
    - pas mentir
    - sans blague
  # Coupures : la négation s'arrête ici (la ponctuation coupe toujours aussi).
  breaks:
    - mais
    - et
    - ou
    - donc
    - car
    - parce              # "parce que"
    - puisque
    - sinon
    - alors
    - pourtant
    - cependant
    - puis
    - aussi
    - or
    - tandis
    - quand
    - lorsque
"""#
}
