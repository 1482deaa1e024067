"""The search folding itself, and the PWA's copy of its rules kept in step."""

from metbefore.people.folding import Query, fold, javascript, stored
from metbefore.pwa import FRONTEND


def test_the_pwa_has_the_rules_of_this_server() -> None:
    shipped = (FRONTEND / "folding.js").read_text()
    assert shipped == javascript(), "run .venv/bin/python scripts/make_folding.py"


def test_folding_drops_case_accents_and_punctuation_but_not_kana_voicing() -> None:
    assert fold("  Zoë  ÅNGSTRÖM, Ph.D. ") == "zoe angstrom ph d"
    assert fold("Straße ẞ İpek Łukasz Ørsted") == "strasse ss ipek lukasz orsted"
    assert fold("ΌΔΥΣΣΕΑΣ ὀδυσσεύς") == "οδυσσεασ οδυσσευσ"
    assert fold("ｶﾞｯｺｳ ﬁne ①") == "ガッコウ fine 1"
    assert fold("が") != fold("か")
    assert fold("O'Brien", joined=True) == "obrien"
    assert fold("50%_off -- !!") == "50 off"


def test_search_patterns_hold_no_wildcard_of_the_query() -> None:
    query = Query.parse("50%_off 王小")
    assert query.words == ("% 50%", "% off%", "%王小%")
    assert (query.exact, query.prefix) == ("%| 50 off 王小 |%", "%| 50 off 王小%")
    assert Query.parse("%_\\").words == ()


def test_the_stored_text_puts_each_word_after_a_space_and_names_between_bars() -> None:
    assert stored(["Jürgen Müller", "J. M."], ["Café-Lab"]) == (
        " cafe lab juergen mueller cafelab | jurgen muller | j m |"
    )
    assert stored([""], [""]) == ""
