"""Site search that finds Korean words with their particles and endings.

Sphinx's English index splits text into words and stems them with Porter; a Korean word with a
particle (정규화를, 표준편차로) or a 하다/되다 ending (정규화할, 정규화된) becomes its own
term, and the search for the bare word (정규화) misses every page that only has inflected forms.
``stem_word`` strips one particle and one ending from a Hangul word, keeping a stem of at least
two syllables, and leaves Latin words to Porter. The same function runs in the browser on the
query (``JS_STEMMER``, the same algorithm in JavaScript; tests/test_site.py checks that the two
agree word for word).

The book's one index serves both languages: ``html_search_language = "bnbook"`` (set by the
extension).
"""

from __future__ import annotations

import json
import re

from sphinx.search import languages
from sphinx.search.en import SearchEnglish, js_porter_stemmer

# Particles (조사) and the copula, then 하다/되다/시키다 endings; tried longest first.
PARTICLES = tuple((
    "에서부터 으로부터 으로서는 으로써는 이라고는 에서는 에서도 에서의 으로는 으로도 으로서 "
    "으로써 으로의 에게는 이라는 이라고 이어야 였습니다 입니다 이며 이고 이다 이나 이란 이면 "
    "에서 으로 로는 로도 로서 로써 로의 에게 에는 에도 에의 까지 부터 마다 처럼 보다 과는 와는 "
    "과의 와의 과도 와도 만큼 만을 만이 조차 라는 라고 이라 이야 로 에 과 와 은 는 이 가 을 를 "
    "의 도 만 나 란"
).split())
ENDINGS = tuple((
    "했습니다 됐습니다 되었습니다 합니다 됩니다 시킵니다 하려면 되려면 하려고 시키는 시킨 시켜 "
    "하면서 하지만 하도록 되도록 하므로 되므로 하여 하지 하는 하고 하면 하기 해서 했다 하다 "
    "되는 되고 되면 되어 되지 되기 된다 한다 했고 했던 하던 되던 된 할 한 될 해 돼 됨 함"
).split())
PARTICLES = tuple(sorted(set(PARTICLES), key=lambda s: (-len(s), s)))
ENDINGS = tuple(sorted(set(ENDINGS), key=lambda s: (-len(s), s)))
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_TRAILING_HANGUL = re.compile(r"[\uac00-\ud7a3]*$")
_porter = SearchEnglish({}).stemmer  # snowball porter, as Sphinx's English index uses


def _strip(word: str, suffixes: tuple[str, ...]) -> str:
    """``word`` without its longest suffix from ``suffixes`` whose removal leaves a stem that ends
    in a non-Hangul character (γ는 → γ) or in at least two Hangul syllables (분산이 → 분산)."""
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) > len(suffix):
            rest = word[: -len(suffix)]
            if len(_TRAILING_HANGUL.search(rest).group()) != 1:
                return rest
    return word


def stem_word(word: str) -> str:
    """Index/query form of one word: Hangul word → particle and ending stripped; else Porter."""
    word = word.lower()
    if _HANGUL.search(word):
        word = _strip(_strip(word, PARTICLES), ENDINGS)
        if _HANGUL.search(word):
            return word
    return _porter.stemWord(word)


class SearchBilingual(SearchEnglish):
    """English stemming and stopwords, plus Korean particle/ending stripping."""

    language_name = "Bilingual"

    def stem(self, word: str) -> str:
        return stem_word(word)


JS_STEMMER = (
    js_porter_stemmer.replace("var Stemmer = function", "var PorterStemmer = function", 1)
    + """
// bnbook: Korean particles and endings are stripped (bnbook/book/search.py, same algorithm)
var BNBOOK_PARTICLES = @PARTICLES@;
var BNBOOK_ENDINGS = @ENDINGS@;
var BNBOOK_HANGUL = /[\\uac00-\\ud7a3]/;
var bnbookStrip = function (word, suffixes) {
  for (var i = 0; i < suffixes.length; i++) {
    var suffix = suffixes[i];
    if (word.length > suffix.length && word.slice(-suffix.length) === suffix) {
      var rest = word.slice(0, -suffix.length);
      if (rest.match(/[\uac00-\ud7a3]*$/)[0].length !== 1) return rest;
    }
  }
  return word;
};
var Stemmer = function () {
  var porter = new PorterStemmer();
  this.stemWord = function (word) {
    word = word.toLowerCase();
    if (BNBOOK_HANGUL.test(word)) {
      word = bnbookStrip(bnbookStrip(word, BNBOOK_PARTICLES), BNBOOK_ENDINGS);
      if (BNBOOK_HANGUL.test(word)) return word;
    }
    return porter.stemWord(word);
  };
};
""".replace("@PARTICLES@", json.dumps(PARTICLES, ensure_ascii=False))
    .replace("@ENDINGS@", json.dumps(ENDINGS, ensure_ascii=False))
)
SearchBilingual.js_stemmer_code = JS_STEMMER


def register(app, config) -> None:
    """config-inited: the book's index is bilingual unless the config names another language."""
    languages["bnbook"] = SearchBilingual
    if not config.html_search_language:
        config.html_search_language = "bnbook"
