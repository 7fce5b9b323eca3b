"""Grouping tagged spans into attributions, and the speech rule (no spaCy, no model)."""

from __future__ import annotations

from newsgraph.stages.quotes.link import link
from newsgraph.stages.quotes.speech import is_speech, speech_lemmas


def spans(text: str, *parts: str) -> list[tuple[int, int, float]]:
    return [(text.index(p), text.index(p) + len(p), 0.9) for p in parts]


def test_a_split_quote_shares_its_cue_and_takes_the_nearest_source() -> None:
    text = '"We will stay," the envoy said, "until the job is done." Officials expect talks to resume.'
    out = link(text, spans(text, "We will stay,", "until the job is done.", "talks to resume"),
               spans(text, "said", "expect"), spans(text, "the envoy", "Officials"))
    assert len(out) == 2
    split, belief = out
    assert [text[a:b] for a, b in split.content] == ["We will stay,", "until the job is done."]
    assert split.cue is not None and text[split.cue[0]:split.cue[1]] == "said"
    assert split.source is not None and text[split.source[0]:split.source[1]] == "the envoy"
    assert belief.source is not None and text[belief.source[0]:belief.source[1]] == "Officials"


def test_fragments_a_few_words_apart_with_no_cue_between_are_one_span() -> None:
    text = 'He said voting fraud is "a big problem" but "nobody talks about it"; in the end of the day "Congress" acts.'
    out = link(text, spans(text, 'voting fraud is "a big problem', 'nobody talks about it', "Congress"),
               spans(text, "said"), spans(text, "He"))
    assert len(out) == 1
    # six words between: not one span; both after the cue, so "Congress" is no piece of a split quote
    assert [text[a:b] for a, b in out[0].content] == ['voting fraud is "a big problem" but "nobody talks about it']
    text = '"We will stay," the envoy said, "until the job is done."'
    (split,) = link(text, spans(text, "We will stay,", "until the job is done."), spans(text, "said"),
                    spans(text, "the envoy"))
    assert len(split.content) == 2  # the cue and source between keep a split quote split


def test_a_content_with_no_cue_in_reach_is_kept_without_one() -> None:
    text = "Talks failed. " + "x " * 400 + "He said so."
    (alone, said) = link(text, spans(text, "Talks failed", "so"), spans(text, "said"), spans(text, "He"))
    assert alone.cue is None and alone.source is None
    assert said.cue is not None


def test_a_content_never_takes_a_cue_from_a_later_paragraph() -> None:
    text = "City to expand bus service\n\nThe mayor announced that the agency will add buses.\n\n\"Soon,\" she said."
    out = link(text, spans(text, "City to expand bus service", "that the agency will add buses", "Soon,"),
               spans(text, "announced", "said"), spans(text, "The mayor", "she"))
    headline, announced, quoted = out
    assert headline.cue is None and headline.source is None  # the headline is no fragment of the next statement
    assert [text[a:b] for a, b in announced.content] == ["that the agency will add buses"]
    assert quoted.cue is not None and text[quoted.cue[0]:quoted.cue[1]] == "said"  # a cue after it still links


def test_a_content_starts_after_a_headline_the_tagger_ran_into_it() -> None:
    text = "Union and hospital clash over staffing\n\nNurses voted on Monday to strike, the union said."
    (out,) = link(text, spans(text, "Union and hospital clash over staffing\n\nNurses voted on Monday to strike"),
                  spans(text, "said"), spans(text, "the union"))
    assert [text[a:b] for a, b in out.content] == ["Nurses voted on Monday to strike"]
    text = "He said: the plan works.\nIt will save money, he added."  # a line ending in a full stop stays
    (out,) = link(text, spans(text, "the plan works.\nIt will save money"), spans(text, "added"), spans(text, "he"))
    assert [text[a:b] for a, b in out.content] == ["the plan works.\nIt will save money"]


def test_speech_is_saying_or_writing_not_belief() -> None:
    assert {"say", "tell", "write", "tweet", "announce", "add"} <= speech_lemmas()
    assert not {"believe", "expect", "show", "find", "plan", "want"} & speech_lemmas()
    assert is_speech("said", ["say"], ["say"], quoted=False)
    assert is_speech("according to", ["accord", "to"], ["accord"], quoted=False)
    assert is_speech(":", [":"], [], quoted=True)
    assert is_speech(None, [], [], quoted=True)  # a quoted passage with no cue word
    assert not is_speech("expect", ["expect"], ["expect"], quoted=False)
    assert not is_speech("the study shows", ["the", "study", "show"], ["show"], quoted=True)
    assert not is_speech(None, [], [], quoted=False)



def test_a_one_word_tagger_content_is_no_attribution() -> None:
    from newsgraph.models.tagger import Tagged
    from newsgraph.stages.quotes.attribution import tagger_quotes

    text = "Officials said the plan had failed. Efforts to address poverty went on."
    tagged = Tagged({"content": spans(text, "the plan had failed", "poverty"), "cue": spans(text, "said", "address"),
                     "source": spans(text, "Officials")})
    quotes = tagger_quotes(text, tagged)
    assert [text[q.content[0].start : q.content[0].end] for q in quotes] == ["the plan had failed"]


def test_a_content_run_over_a_paragraph_break_is_cut_and_each_piece_takes_its_own_cue() -> None:
    text = ('Our colleagues escalate, he said, calling the talk "provocative."\n\n'
            'All Russian officials have "categorically rejected" plans, he said.\n\n'
            'Based on its past, Ukraine cannot accept it, Ukrainian envoy Sergiy Kyslytsya told the council.')
    run = (text.index("the talk"), text.index(" plans") + len(" plans"), 0.9)  # over the paragraph break
    cues = spans(text, "calling", "he said.", "told")
    cues[1] = (cues[1][0] + 3, cues[1][0] + 7, 0.9)
    out = link(text, [run, *spans(text, "Based on its past, Ukraine cannot accept it")], cues,
               spans(text, "he said.", "Ukrainian envoy Sergiy Kyslytsya"))
    pieces = {text[a.cue[0]:a.cue[1]]: [text[s:e] for s, e in a.content] for a in out if a.cue is not None}
    assert pieces == {"calling": ['the talk "provocative."'],
                      "said": ['All Russian officials have "categorically rejected" plans'],
                      "told": ["Based on its past, Ukraine cannot accept it"]}
    assert all(a.cue is not None for a in out)


def test_a_quotation_that_runs_over_paragraphs_stays_one_content() -> None:
    text = 'The envoy said: "We will stay.\n\n"We will not leave."\n\nTalks resume.'
    body = (text.index("We will stay"), text.index("leave.") + len("leave."), 0.9)
    quoted = [(text.index('"We will stay'), text.index('leave."') + len('leave."'))]
    (out,) = link(text, [body], spans(text, "said"), spans(text, "The envoy"), quoted)
    assert [text[s:e] for s, e in out.content] == ['We will stay.\n\n"We will not leave.']
