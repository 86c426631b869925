#!/usr/bin/env python3
"""Regenerates stems-en.tsv and stems-fr.tsv, the oracle that StemmerTests checks Cairn's Snowball
stemmers against.

Needs:
  - Python 3 and the reference Snowball stemmers:  pip install snowballstemmer   (3.1.1 made the
    current files; the pure-Python classes are used even when PyStemmer is installed)
  - Debian's word lists:  apt-get install -y wamerican wfrench
    (/usr/share/dict/american-english, /usr/share/dict/french)
  - for English, also every word of Flows/*.yaml and Transcripts/* in this repository

Run (from anywhere):  python3 Tests/CairnEngineTests/Fixtures/make-stem-fixtures.py

Each file is `word<TAB>stem` lines, sorted, after one `#` header line. Words are lower case and
made of letters only (English: a-z; French: letters with their accents), no apostrophes. The
choice is deterministic: the hard cases first (exceptions and other special words, then an even
spread of the words with each interesting ending or beginning), then every k-th remaining word of
the list, up to TARGET words per language, which keeps each file well under 400 KB.
"""

import glob
import os
import re
import sys
import unicodedata

from snowballstemmer.english_stemmer import EnglishStemmer
from snowballstemmer.french_stemmer import FrenchStemmer

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
TARGET = 10000       # words per language
PER_PATTERN = 40     # words taken for each hard-case pattern

EN_SPECIAL = """
skis skies sky news howe atlas cosmos bias andes idly gently ugly early only singly
dying lying tying vying ying eying inning innings outing outings canning herring earring evening
evenings proceed proceeded proceedly exceed exceeding succeed succeeded agreed feed feedly
generous generate general generically communism community communication arsenal arsenic past
paste pasted pasting universe university universal lateral later emerge emergency organ organic
organize intern internal international interval interfere blackmail blackmailing blackmailed
screenshot screenshots screenshotted threaten threatened threatening cry cried cries ties tied
gas gaps kiss kisses bus buses caress caresses ponies sayings saying says yes yelled youth
enjoying enjoyed played boyish hopping hoping hoped added ebbed oddly fizzed tabled rated sized
luxuriating conspiracy hopeful hopefully hopefulness consign consigned consigning consignment
consolation controllable controllably generalization generalizations relational conditional
rational valenci hesitanci digitizer conformabli radicalli differentli vileli analogousli
vietnamization predication operator feudalism decisiveness hopefulness callousness formaliti
sensitiviti sensibiliti triangle archaeology geology biology zoologist triplicate formative
formalize electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic
adjustable defensible irritant replacement adjustment dependent adoption homologou
communism activate angulariti homologous effective bowdlerize probate rate cease controll roll
""".split()

EN_PATTERNS = [
    r"ly$", r"ingly$", r"edly$", r"eedly$", r"ing$", r"ed$", r"eed$", r"ies$", r"ied$", r"sses$",
    r"[^su]s$", r"us$", r"ss$", r"[aeiou]y", r"^y", r"[^aeiouy]y$",
    r"^(gener|commun|arsen|past|univers|later|emerg|organ|inter)",
    r"(bb|dd|ff|gg|mm|nn|pp|rr|tt)(ed|ing)$", r"(at|bl|iz)(ed|ing)$", r"^[^aeiouy][aeiouy][^aeiouywx](ed|ing)$",
    r"ational$", r"tional$", r"(en|an)ci(es|y)$", r"izer$", r"ization$", r"ation$", r"ator$",
    r"alism$", r"al(ity|ities)$", r"ally$", r"fully$", r"lessly$", r"ously$", r"ently$", r"ably$",
    r"ness$", r"iveness$", r"fulness$", r"ousness$", r"ivit(y|ies)$", r"bilit(y|ies)$", r"ogist$",
    r"logy$", r"[cdeghkmnrt]ly$", r"icate$", r"ative$", r"alize$", r"icity$", r"ical$", r"ful$",
    r"ance$", r"ence$", r"able$", r"ible$", r"ant$", r"ement$", r"ment$", r"ent$", r"ism$", r"ate$",
    r"ous$", r"ive$", r"ize$", r"[st]ion$", r"er$", r"ic$", r"al$", r"e$", r"ll$",
]

FR_SPECIAL = """
continuellement continuel mauvais mauvaise balais palais déplais plais noël naïve naïf haïr maïs
aiguë ambiguë paris parie pari colis tapis niais nierais nié niâmes nièrent yeux quand question
quelque qui aujourd hui abaissement abaissements établissement finissement vivement heureusement
activement abusivement constamment évidemment fréquemment prudemment récemment lentement
aimablement dernièrement premièrement publiquement vraiment joliment absolument assidûment
possibilité capacité activité électricité cité beauté libératrice libérateur création éducation
logique biologie conclusion solution évolution différence présence heureuse heureuses heureux
généreux créatif créative beaux châteaux chevaux travaux genoux cailloux bijoux poux voix
finir finissant finissaient finirent finissions choisir réfléchi bâtir aimer aimez aimions
aimèrent aimaient chantai chantâmes chanta parlant parlante parlera parlerait mangeais mangeait
commençait commença français reçu garçon ion passion nation mission question cahier première
dernier meilleur ancienne bonne nette belle vieille pareille abbaye paye payer essayer pays
crayon loyauté joyeux quatre queue équipe cinquième ouvrier ouvrière
""".split()

FR_PATTERNS = [
    r"ements?$", r"issements?$", r"ités?$", r"euses?$", r"eux$", r"ateurs?$", r"atrices?$",
    r"ations?$", r"logies?$", r"(us|ut)ions?$", r"ences?$", r"ances?$", r"iques?$", r"ismes?$",
    r"ables?$", r"istes?$", r"(if|ive)s?$", r"ivement$", r"eusement$", r"abilités?$", r"icités?$",
    r"eaux$", r"[^e]aux$", r"oux$", r"amment$", r"emment$", r"[aeiouéèiu]ments?$", r"ièrement$",
    r"ir$", r"issant(e|es|s)?$", r"irent$", r"iss(ais|ait|aient|ions|iez|ons|ez|ent)$", r"îmes$",
    r"it$", r"er$", r"ez$", r"ions$", r"ais$", r"ait$", r"aient$", r"ant$", r"antes?$", r"asse(s|nt)?$",
    r"ée?s?$", r"èrent$", r"era(i|is|it|ient|s)?$", r"eront$", r"erions$", r"ière?s?$", r"[st]ion$",
    r"[^aiouès]s$", r"[aiouès]s$", r"e$", r"(enn|onn|ett|ell|eill)e$", r"[éè][^aeiouyâàëéêèïîôûù]+$",
    r"ç", r"[ëï]", r"y", r"qu", r"[aeiou][ui][aeiou]", r"^(par|col|tap|ni)", r"^[aeiou][aeiou]",
]


def fold(word):
    """What Cairn's normalization makes of a flow's word: no accents, no apostrophes."""
    word = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in word if not unicodedata.combining(c) and c not in "'\u2019")


def repo_words():
    words = set()
    paths = sorted(glob.glob(os.path.join(REPO, "Flows", "*.yaml")))
    paths += sorted(glob.glob(os.path.join(REPO, "Transcripts", "*")))
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for token in re.findall(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*", f.read()):
                folded = fold(token)
                if re.fullmatch(r"[a-z]+", folded):
                    words.add(folded)
    return words


def read_list(path, ok):
    with open(path, encoding="utf-8") as f:
        return sorted({w for w in (line.strip() for line in f) if ok(w)})


def spread(words, count):
    """`count` words evenly spread through `words` (all of them when there are fewer)."""
    if len(words) <= count:
        return list(words)
    step = len(words) / count
    return [words[int(i * step)] for i in range(count)]


def choose(pool, special, patterns, extra=()):
    chosen = set(special) | set(extra)
    for pattern in patterns:
        regex = re.compile(pattern)
        chosen.update(spread([w for w in pool if regex.search(w)], PER_PATTERN))
    rest = [w for w in pool if w not in chosen]
    chosen.update(spread(rest, max(0, TARGET - len(chosen))))
    return sorted(chosen)


def write(name, words, stemmer, source):
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# word<TAB>stem by snowballstemmer {version()} ({source}); made by make-stem-fixtures.py\n")
        for w in words:
            f.write(f"{w}\t{stemmer.stemWord(w)}\n")
    print(f"{name}: {len(words)} words, {os.path.getsize(path)} bytes")


def version():
    from importlib.metadata import version as installed
    return installed("snowballstemmer")


def main():
    en_ok = lambda w: re.fullmatch(r"[a-z]+", w) is not None
    fr_ok = lambda w: w.isalpha() and w == w.lower()
    en_pool = read_list("/usr/share/dict/american-english", en_ok)
    fr_pool = read_list("/usr/share/dict/french", fr_ok)
    if not en_pool or not fr_pool:
        sys.exit("needs /usr/share/dict/american-english and /usr/share/dict/french (wamerican, wfrench)")
    en = choose(en_pool, EN_SPECIAL, EN_PATTERNS, repo_words())
    fr = choose(fr_pool, FR_SPECIAL, FR_PATTERNS)
    write("stems-en.tsv", en, EnglishStemmer(), "wamerican, Flows, Transcripts")
    write("stems-fr.tsv", fr, FrenchStemmer(), "wfrench")


if __name__ == "__main__":
    main()
