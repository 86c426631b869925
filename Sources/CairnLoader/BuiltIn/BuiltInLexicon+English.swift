extension BuiltInLexicon {
    /// Cairn's English tables (chat-speak, contractions, emoji, number words, negation).
    static let english = #"""
# The normalization tables Cairn ships for English.
#
# Before anything is matched, every answer (and every keyword, label, concept member and pattern)
# is turned into plain words: lower case, no accents, apostrophes dropped ("don't" -> "dont"),
# punctuation ends a clause, stretched letters shrunk ("noooo" -> "no", "plssss" -> "pls"). THEN
# these tables apply, one whole word at a time:
#
#   rewrite:   what people type -> the plain words matching sees
#   emoji:     an emoji -> a word
#   numbers:   a number word -> its digit (only counts when the whole answer picks a choice by number)
#   negation:  which words speak against the words after them
#
# A flow's own lexicon file can add entries or change one (same key, new value).
#
# Rules for this table:
#   - Keys are single words, written as they look AFTER apostrophes are dropped ("dont", not "don't").
#   - Digits are never rewritten ("2" stays "2", never "to"), so "option 2" still picks choice 2.
#   - Words that could mean two things are left alone, so we never guess wrong:
#       its (its / it is), ill (ill / i will), were (were / we are), well (well / we will),
#       id (id / i would), hell, shell, wed, hed (he had / he would), shed, lets (lets / let us),
#       ya (you / yes), ima (i am a / i am going to), prob (problem / probably), af, smh,
#       addy (address / adderall).
#   - Crisis slang (kms, kys, unalive, sewerslide) is NOT rewritten: crisis.yaml matches those words
#     themselves, so `cairn why` shows exactly which word fired.
#   - Keys must be quoted when YAML would read them as something else: "y", "n", "no", "yes", "on".

lexicon: builtin_en
locale: en

rewrite:
  # --- Contractions, typed without the apostrophe ---------------------------------------------
  dont: do not
  doesnt: does not
  didnt: did not
  cant: can not
  cannot: can not          # so "cannot" and "can't" match the same
  couldnt: could not
  wouldnt: would not
  shouldnt: should not
  wont: will not
  wasnt: was not
  werent: were not
  isnt: is not
  arent: are not
  aint: is not
  hasnt: has not
  havent: have not
  hadnt: had not
  mustnt: must not
  neednt: need not
  mightnt: might not
  shant: shall not
  im: i am
  iam: i am
  ive: i have
  youre: you are
  youve: you have
  youll: you will
  youd: you would
  hes: he is
  shes: she is
  itll: it will
  itd: it would
  weve: we have
  theyre: they are
  theyve: they have
  theyll: they will
  theyd: they would
  thats: that is
  thatll: that will
  thatd: that would
  whats: what is
  whatll: what will
  whos: who is
  wholl: who will
  whod: who would
  wheres: where is
  whens: when is
  whys: why is
  hows: how is
  howd: how did
  theres: there is
  therell: there will
  heres: here is
  wouldve: would have
  couldve: could have
  shouldve: should have
  mightve: might have
  mustve: must have
  yall: you all
  cmon: come on
  imma: i am going to

  # --- Chat-speak: people and pronouns ----------------------------------------------------------
  u: you
  yu: you
  ur: your
  urs: yours
  ure: you are
  ull: you will
  ud: you would
  urself: yourself
  r: are
  ppl: people
  pple: people
  peeps: people
  some1: someone
  sum1: someone
  any1: anyone
  ne1: anyone
  every1: everyone
  evry1: everyone
  no1: no one
  bf: boyfriend
  gf: girlfriend
  bff: best friend
  bsf: best friend
  bestie: best friend
  da: the
  dat: that
  tht: that
  dis: this
  dem: them
  wen: when
  wat: what
  wut: what
  wot: what
  wht: what
  nd: and
  w: with
  abt: about
  bout: about
  b4: before
  thru: through
  ova: over

  # --- Chat-speak: verbs run together -------------------------------------------------------------
  gonna: going to
  gunna: going to
  gona: going to
  wanna: want to
  wana: want to
  gotta: got to
  hafta: have to
  kinda: kind of
  sorta: sort of
  tryna: trying to
  finna: going to
  boutta: about to
  outta: out of
  lotta: lot of
  shoulda: should have
  coulda: could have
  woulda: would have
  lemme: let me
  gimme: give me
  gotcha: got you
  dunno: do not know
  dno: do not know
  idk: i do not know
  idek: i do not even know
  idrk: i do not really know
  idc: i do not care
  ik: i know
  ikr: i know right
  lmk: let me know
  hmu: contact me          # "hit me up": rewritten so it never looks like "hit me"
  hit me up: contact me    # the same, typed out (so danger words can say "he hit me")
  hits me up: contacts me
  hit him up: contact him
  hit her up: contact her
  wyd: what are you doing
  wdym: what do you mean
  hbu: how about you
  wbu: what about you
  omw: on my way
  brb: be right back
  gtg: got to go
  g2g: got to go
  ttyl: talk to you later
  cya: see you
  nvm: never mind
  jk: just kidding
  4got: forgot

  # --- Chat-speak: because, really, please, thanks ---------------------------------------------
  bc: because
  bcuz: because
  bcoz: because
  bcz: because
  bcs: because
  becuz: because
  becoz: because
  cuz: because
  coz: because
  cos: because
  cus: because
  cause: because
  tho: though
  altho: although
  tbh: to be honest
  tbf: to be fair
  ngl: not going to lie     # a pseudo-trigger below, so it negates nothing
  fr: for real
  frfr: for real
  deadass: seriously       # so "dead" never shows up here
  srsly: seriously
  rly: really
  rlly: really
  lowkey: kind of
  highkey: really
  istg: i swear to god
  prolly: probably
  probs: probably
  def: definitely
  deff: definitely
  defo: definitely
  obv: obviously
  obvi: obviously
  ofc: of course
  totes: totally
  jus: just
  jst: just
  pls: please
  plz: please
  plss: please
  plsss: please
  plox: please
  thx: thanks
  thnx: thanks
  thanx: thanks
  tnx: thanks
  ty: thank you
  tysm: thank you so much
  tyvm: thank you very much
  sry: sorry
  srry: sorry
  soz: sorry
  np: no problem           # a pseudo-trigger below
  btw: by the way
  fyi: for your information
  imo: in my opinion
  irl: in real life
  asap: as soon as possible
  atm: at the moment
  rn: right now

  # --- Chat-speak: yes, no, ok -----------------------------------------------------------------
  k: ok
  kk: ok
  okk: ok
  oki: ok
  okie: ok
  okey: ok
  okai: ok
  alr: alright
  aight: alright
  ight: alright
  yea: yeah
  yeh: yeah
  ye: yeah
  yas: "yes"
  yass: "yes"
  yess: "yes"
  naw: nah
  nop: nope
  ofcourse: of course

  # --- Chat-speak: laughing (so "lmao" and "💀" both read as "lol") ------------------------------
  lmao: lol
  lmfao: lol
  rofl: lol
  lolol: lol
  haha: lol
  hahaha: lol
  hahah: lol
  ahaha: lol
  hehe: lol

  # --- Chat-speak: things, times, places ---------------------------------------------------------
  pic: picture
  pics: pictures
  pix: pictures
  vid: video
  vids: videos
  noods: nudes
  nudez: nudes
  smth: something
  sth: something
  smthn: something
  sumthin: something
  nth: nothing
  nthn: nothing
  nuthin: nothing
  msg: message
  msgs: messages
  txt: text
  txts: texts
  dm: direct message
  dms: direct messages
  ss: screenshot
  screenie: screenshot
  screenies: screenshots
  scrnshot: screenshot
  acc: account
  acct: account
  pw: password
  pwd: password
  fone: phone
  bday: birthday
  tmrw: tomorrow
  tmr: tomorrow
  tmrow: tomorrow
  2moro: tomorrow
  2day: today
  2nite: tonight
  l8r: later
  w8: wait
  gr8: great
  h8: hate
  str8: straight
  gud: good
  cud: could
  wud: would
  shud: should
  hav: have
  wtf: what the fuck
  wth: what the hell
  omg: oh my god

  # --- A few common typos of words that matter ----------------------------------------------------
  # (Words of 5+ letters already forgive a small typo; these are the ones that don't.)
  myslef: myself
  mysef: myself
  su1cide: suicide
  suic1de: suicide
  su1c1de: suicide
  k1ll: kill

emoji:
  # Feelings
  "😭": crying             # often means laughing too: crisis.yaml never uses bare "crying"
  "😢": sad
  "😥": sad
  "😪": sad
  "😞": sad
  "😔": sad
  "😓": sad
  "🙁": sad
  "☹️": sad
  "☹": sad
  "🥲": sad
  "💔": heartbroken
  "😡": angry
  "😠": angry
  "🤬": angry
  "😤": angry
  "😨": scared
  "😰": scared
  "😱": scared
  "😧": scared
  "😟": worried
  "😳": embarrassed
  "🙈": embarrassed
  "🫣": embarrassed
  "😩": upset
  "😫": upset
  "😖": upset
  "😣": upset
  "😕": confused
  "🤔": hmm
  "😐": hmm
  "🤷": shrug
  "🤷‍♀️": shrug
  "🤷‍♂️": shrug
  "😊": happy
  "😀": happy
  "😃": happy
  "🙂": ok
  "😌": relieved
  "🥺": please
  "🙏": please
  "🫂": hug
  "🤗": hug
  "❤️": love
  "❤": love
  "💕": love
  "🖤": love
  "🥰": love
  # Laughing: "💀" ("I'm dead") and "⚰️" mean "that's so funny", not death
  "💀": lol
  "☠️": lol
  "⚰️": lol
  "😂": lol
  "🤣": lol
  "😆": lol
  # Yes, no, ok, next, stop
  "👍": "yes"
  "👍🏻": "yes"
  "👍🏼": "yes"
  "👍🏽": "yes"
  "👍🏾": "yes"
  "👍🏿": "yes"
  "✅": "yes"
  "✔️": "yes"
  "☑️": "yes"
  "👎": "no"
  "❌": "no"
  "🙅": "no"
  "🙅‍♀️": "no"
  "🙅‍♂️": "no"
  "👌": ok
  "🆗": ok
  "🙆": ok
  "➡️": next
  "⏭️": next
  "👉": next
  "⬅️": back
  "🔙": back
  "🛑": stop
  "✋": stop
  "👋": bye
  "🆘": help
  "🚨": urgent
  "⚠️": warning
  # Danger and crisis words: matched in crisis.yaml only together with other words
  "💊": pill
  "🔪": knife
  "🔫": gun
  "🩸": blood
  "🪢": rope
  "🩹": bandage
  "🌉": bridge
  # Things in this guide
  "📸": picture
  "📷": picture
  "📱": phone
  "💻": computer
  "🔒": private
  "🔑": password
  "👮": police
  "👮‍♀️": police
  "👮‍♂️": police
  "🚓": police
  "🚔": police
  "💰": money
  "💵": money
  "💸": money
  "🤑": money
  "🤐": secret

numbers:
  # Only for picking a choice by number: "two", "the second one", "2nd".
  one: 1
  two: 2
  three: 3
  four: 4
  five: 5
  six: 6
  seven: 7
  eight: 8
  nine: 9
  ten: 10
  eleven: 11
  twelve: 12
  first: 1
  second: 2
  third: 3
  fourth: 4
  fifth: 5
  sixth: 6
  seventh: 7
  eighth: 8
  ninth: 9
  tenth: 10
  eleventh: 11
  twelfth: 12
  1st: 1
  2nd: 2
  3rd: 3
  4th: 4
  5th: 5
  6th: 6
  7th: 7
  8th: 8
  9th: 9
  10th: 10
  11th: 11
  12th: 12

negation:
  # A trigger speaks against the words after it, up to its window (a number of words), and never
  # past a clause break. "dont", "cant", "wont"... are already "do not", "can not", "will not" by
  # the time negation looks, so "not" covers them all.
  triggers:
    not: 8
    never: 8
    without: 8
    rather not: 8
    no way: 8
    no longer: 8
    neither: 8
    nor: 8
    refuse to: 8
    instead of: 8        # "police instead of removal": removal is spoken against
    rather than: 8
    except: 4
    nothing: 3           # "nothing got posted yet": posted is spoken against
    "no": 2
    nah: 2
    nope: 2
  # Pseudo-triggers: they look like negation but speak against nothing.
  pseudo:
    - not only
    - not just
    - not sure
    - not certain
    - do not know        # also what "idk" and "dunno" become
    - not going to lie   # "ngl"
    - no problem         # "np"
    - no worries
    - no doubt
    - no idea
    - no matter
    - no wonder
    - no offense
    - no cap             # slang for "for real"
    - no joke
    - no lie
    - no kidding
    - not kidding
    - not even joking
    - not to mention
    - never mind         # "nvm"
    - why not            # = yes
    - or not             # "whether or not"
    - if not
    - can not wait       # "i can't wait to get it removed"
    - can not believe    # "i can't believe he posted it": "posted" still counts
    - without a doubt
    - do not care        # "idc": "i don't care, just take it down" still wants it taken down
    - do not mind        # "i don't mind" = yes
  # Clause breaks: negation stops here (punctuation always breaks too).
  breaks:
    - but
    - and
    - or
    - so
    - because            # also "bc", "cuz", "cause"
    - though             # also "tho"
    - although
    - however
    - yet
    - i                  # a run-on restart: "i dont want the cops i just want it gone"
    - while
    - whereas
    - since
    - unless
    - then
    - also
    - plus
    - anyway
    - anyways
"""#
}
