"""The direct pass of the quote rules: quoted passages and their cues.

Every quoted passage (``marks``) looks for its cue in the clause right after it (``"…," she said``) or
right before it (``she said: "…"``); passages sharing a cue are one split quote, and a passage with no
cue of its own continues the attribution before it (``X said. "…"`` and quotes running over several
paragraphs); a short clause between two passages (``“…,” Cole said. “…”``) and a dash byline closing
the paragraph (``“…” ― Jane Doe``) cue them too.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.stages.parse import head_chain
from newsgraph.stages.quotes.cues import (
    Candidate,
    according_source,
    clipped_subtree,
    cue_lemma,
    cue_span,
    cue_subject,
    is_cue_word,
    token_span,
)
from newsgraph.stages.quotes.index import QUOTE_CHARS, QuotePass
from newsgraph.stages.quotes.marks import passage_groups

NOMINAL_POS = {"NOUN", "PROPN", "PRON"}
SENTENCE_END = {".", "!", "?"}
CONTINUED_PUNCT = set(",?!—–-…")
BYLINE_KEY = "_byline|quote"  # a structural cue: always kept (too rare in train to have learned odds)
BYLINE_DASHES = {"―", "—", "–", "-", "--"}
CLAUSE_OPENERS = {":", ",", "—", "–", "-", "(", ";"}


class DirectPass(QuotePass):
    """Finds the direct (and some mixed) attributions; records the cues it used and their sources."""

    def _groups(self) -> list[list[int]]:
        """Passages joined across paragraphs (a quote that runs on) as groups of indices."""
        return passage_groups(self.ix.passages)

    def _substantive(self, group: list[int]) -> bool:
        """A passage long enough to be a quotation rather than a scare-quoted word or title."""
        first, last = self.ix.passage_tokens[group[0]][0], self.ix.passage_tokens[group[-1]][1]
        words = sum(1 for t in self.doc[first:last] if t.is_alpha)
        if words >= 4:
            return True
        p = self.ix.passages[group[0]]
        para = self.ix.para_spans[self.ix.para_of(p.start)]
        return p.start == para[0] and words >= 2

    def _continues(self, last: Candidate, k: int) -> bool:
        """Whether passage ``k`` goes on with the quote ``last`` whose passage is the one just before it, in
        the same paragraph, with that quote's cue between the two (“…,” he said, “and they're terrifying.”)."""
        ix = self.ix
        if last.cue_token is None or k == 0 or not last.content:
            return False
        if tuple(last.content[-1]) != self._passage_span(k - 1):
            return False
        if ix.para_of(ix.passages[k - 1].start) != ix.para_of(ix.passages[k].start):
            return False
        lo, hi = ix.passage_tokens[k - 1][1], ix.passage_tokens[k][0]
        if not lo <= last.cue_token < hi:
            return False
        between = [t for t in self.doc[lo:hi] if not (t.is_punct or t.is_space)]
        return len(between) <= 6 and all(t.i == last.cue_token or t.pos_ not in ("VERB", "AUX") for t in between)

    def _zone_after(self, k: int) -> tuple[int, int]:
        """Tokens after passage ``k`` up to the sentence end, the next passage or the paragraph end."""
        ix, doc = self.ix, self.doc
        start = ix.passage_tokens[k][1]
        para_end = ix.para_spans[ix.para_of(ix.passages[k].start)][1]
        end = start
        while end < len(doc) and doc[end].idx < para_end and ix.tok_passage[end] == -1:
            end += 1
            if doc[end - 1].text in SENTENCE_END:
                break
        return self._strip_space(start, end)

    def _zone_before(self, k: int) -> tuple[int, int]:
        """Tokens before passage ``k`` back to the sentence start, the previous passage or the paragraph."""
        ix, doc = self.ix, self.doc
        end = ix.passage_tokens[k][0]
        p_idx = ix.para_of(ix.passages[k].start)
        para_start = ix.para_spans[p_idx][0]
        if ix.passages[k].start == para_start and p_idx > 0:
            # a quote opening its paragraph may be introduced by "X said:" ending the one before
            prev_para = ix.para_spans[p_idx - 1]
            if self.ix.text[prev_para[0] : prev_para[1]].rstrip().endswith(":"):
                para_start = prev_para[0]
        start = end
        while start > 0 and doc[start - 1].idx >= para_start and ix.tok_passage[start - 1] == -1:
            if doc[start - 1].text in SENTENCE_END:
                break
            start -= 1
        return self._strip_space(start, end)

    def _strip_space(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.doc[start].is_space:
            start += 1
        while end > start and self.doc[end - 1].is_space:
            end -= 1
        return start, end

    def _find_cue(self, lo: int, hi: int, frame: str, nearest_last: bool = False) -> Token | None:
        """The cue word of a zone nearest the quote, if the lexicon keeps it in this frame."""
        toks = range(hi - 1, lo - 1, -1) if nearest_last else range(lo, hi)
        for i in toks:
            tok = self.doc[i]
            if is_cue_word(tok):
                return tok if self.keep(f"{cue_lemma(tok)}|{frame}") else None
        return None

    def _source_for(self, cue: Token, lo: int, hi: int) -> tuple[int, int] | None:
        subj = according_source(cue) if cue.lower_ == "according" else cue_subject(cue, self._quoted)
        if subj is None or self._quoted(subj.i):
            return self._nearby_source(cue, lo, hi)
        if lo <= subj.i < hi:
            a, b = clipped_subtree(subj, lo, hi)
        else:
            a, b = subj.left_edge.i, subj.right_edge.i
            # keep the subject outside any quoted passage
            while a < subj.i and self.ix.tok_passage[a] != -1:
                a += 1
            while b > subj.i and self.ix.tok_passage[b] != -1:
                b -= 1
        span = token_span(self.doc, a, b)
        return span if span[0] < span[1] else None

    def _nearby_source(self, cue: Token, lo: int, hi: int) -> tuple[int, int] | None:
        """Where the parse gave the cue no subject: the nominal words next to it in the zone."""
        doc = self.doc
        a = cue.i
        while a > lo and (not doc[a - 1].is_punct or doc[a - 1].text == ",") and cue.i - a < 8:
            if doc[a - 1].pos_ in ("VERB", "AUX") or self._quoted(a - 1):
                break
            a -= 1
        if a < cue.i and any(t.pos_ in NOMINAL_POS for t in doc[a : cue.i]):
            return token_span(doc, a, cue.i - 1)
        b = cue.i + 1
        while b < hi and not doc[b].is_punct and doc[b].pos_ not in ("VERB", "AUX", "ADP") and b - cue.i < 8:
            b += 1
        if b > cue.i + 1 and any(t.pos_ in NOMINAL_POS for t in doc[cue.i + 1 : b]):
            return token_span(doc, cue.i + 1, b - 1)
        return None

    def _reported_by_ancestor(self, tok: Token) -> bool:
        """Whether ``tok`` lies in the clausal complement of a kept cue verb ("said they are “…”")."""
        for node in (tok, *head_chain(tok, 3)):
            head = node.head
            if node.dep_ == "ccomp" and is_cue_word(head) and self.keep(f"{cue_lemma(head)}|ccomp"):
                return True
        return False

    def _passage_span(self, k: int) -> tuple[int, int]:
        p = self.ix.passages[k]
        return p.start, p.end

    def _byline(self, lo: int, hi: int) -> tuple[int, int] | None:
        """The name in a dash byline closing a quote's paragraph (“…” ― Jane Doe), as a source span."""
        doc = self.doc
        if not (lo < hi and doc[lo].text in BYLINE_DASHES and hi - lo <= 9):
            return None
        if hi < len(doc) and self.ix.para_of_token(hi) == self.ix.para_of_token(lo) and not doc[hi].is_space:
            return None  # the paragraph goes on: a dash inside a sentence
        words = [t for t in doc[lo + 1 : hi] if not (t.is_punct or t.is_space)]
        if not words or not words[0].text[:1].isupper() or not any(t.pos_ == "PROPN" for t in words):
            return None
        if any(t.pos_ in ("VERB", "AUX") for t in words):
            return None
        return token_span(doc, lo + 1, hi - 1)

    def _verbless_lead_in(self, lo: int, hi: int) -> bool:
        """Whether tokens ``[lo, hi)`` open a sentence with a phrase that has no verb of its own."""
        doc = self.doc
        if not (doc[lo].is_sent_start or (lo > 0 and doc[lo - 1].is_space)):
            return False
        return all(t.pos_ not in ("VERB", "AUX") and not self._quoted(t.i) for t in doc[lo:hi])

    def _cue_between(self, k: int, content: list[tuple[int, int]]) -> Candidate | None:
        """The cue of a short clause ending the sentence between two passages: “…,” Cole said. “…”"""
        ix, doc = self.ix, self.doc
        if k == 0 or ix.para_of(ix.passages[k - 1].start) != ix.para_of(ix.passages[k].start):
            return None
        lo, hi = self._strip_space(ix.passage_tokens[k - 1][1], ix.passage_tokens[k][0])
        if not (0 < hi - lo <= 10) or doc[hi - 1].text not in SENTENCE_END:
            return None
        cue = self._find_cue(lo, hi, "quote_between")
        if cue is None:
            return None
        return Candidate(content, cue_span(doc, cue), self._source_for(cue, lo, hi),
                         f"{cue_lemma(cue)}|quote_between", cue.i, True)

    def _widen_to_clause(self, cand: Candidate, cue: Token, group: list[int]) -> None:
        """Make ``says “…” despite X`` one mixed content: the cue's clause where it runs past the quote."""
        ix = self.ix
        first, end = ix.passage_tokens[group[0]][0], ix.passage_tokens[group[-1]][1]
        for child in cue.children:
            if child.dep_ != "ccomp":
                continue
            a, b = self._content_range(child)
            para_lo, para_hi = self._paragraph_tokens(cue)
            b = min(b, para_hi)
            if a >= first and b >= end and any(self.doc[i].is_alpha for i in range(end, b + 1)):
                cand.content = [token_span(self.doc, first, b)]
                cand.direct = False
            return

    def direct(self) -> list[Candidate]:
        ix, doc, text = self.ix, self.doc, self.ix.text
        out: list[Candidate] = []
        last: Candidate | None = None
        last_para = -10
        for group in self._groups():
            substantive = self._substantive(group)
            first_k, last_k = group[0], group[-1]
            content = [self._passage_span(k) for k in group]
            cand: Candidate | None = None
            b_lo, b_hi = self._zone_before(first_k)
            before_punct = doc[b_hi - 1].text if b_lo < b_hi else ""
            starts_clause = b_lo == b_hi or before_punct in CLAUSE_OPENERS
            # cue after the passage: “…,” she said
            lo, hi = self._zone_after(last_k)
            inner = text[ix.passages[last_k].start : ix.passages[last_k].end].rstrip(QUOTE_CHARS + " ")
            cont_ok = bool(inner) and (inner[-1] in CONTINUED_PUNCT or (lo < hi and doc[lo].is_lower))
            byline = self._byline(lo, hi)
            if byline is not None:
                cand = Candidate(content, (doc[lo].idx, doc[lo].idx + len(doc[lo].text)), byline,
                                 BYLINE_KEY, lo, True)
            elif starts_clause and lo < hi and (cont_ok or hi - lo <= 8):
                frame = "quote_after" if cont_ok else "quote_after_stop"
                cue = self._find_cue(lo, hi, frame)
                if cue is not None and (cont_ok or not any(c.dep_ == "ccomp" for c in cue.children)):
                    cand = Candidate(content, cue_span(doc, cue), self._source_for(cue, lo, hi),
                                     f"{cue_lemma(cue)}|{frame}", cue.i, True)
                    if b_lo < b_hi and before_punct == "," and self._verbless_lead_in(b_lo, b_hi):
                        # “With thousands of systems, “there is no single point of failure,” he said”
                        cand.content = [(token_span(doc, b_lo, b_hi - 1)[0], content[0][1]), *content[1:]]
                        cand.direct = False
            if not substantive and last is not None and self._continues(last, first_k):
                last.content.extend(content)  # “…?” Graham asked. “Neither do I.” / “…,” he said, “and …”
                continue
            if not substantive:
                # a short passage counts only as the opening of a sentence cued right after: “Okay,” I said
                if cand is None or b_lo != b_hi or not cont_ok:
                    continue
                cand.key = cand.key.split("|", 1)[0] + "|quote_short"
            # cue before the passage: she said, “…” / she said: “…” / she said “…”
            if cand is None and b_lo < b_hi:
                frame = {":": "quote_colon", ",": "quote_comma"}.get(before_punct, "quote_adjacent")
                cue = self._find_cue(b_lo, b_hi, frame, nearest_last=True)
                if cue is not None and frame == "quote_adjacent" and (
                    cue.i != b_hi - 1 or self._reported_by_ancestor(cue)
                ):
                    cue = None  # a quoted phrase inside reported speech: left to that pass
                if cue is not None:
                    cand = Candidate(content, cue_span(doc, cue), self._source_for(cue, b_lo, b_hi),
                                     f"{cue_lemma(cue)}|{frame}", cue.i, True)
                    if frame == "quote_adjacent":
                        self._widen_to_clause(cand, cue, group)
            if cand is None and b_lo == b_hi:
                cand = self._cue_between(first_k, content)
            if cand is None and not (b_lo == b_hi or before_punct == ":"):
                continue  # a quoted phrase inside a sentence: left to the reported-speech pass
            para = ix.para_of(ix.passages[first_k].start)
            if cand is not None:
                if last is not None and last.cue_token == cand.cue_token:
                    last.content.extend(content)  # "X," he said, "Y."
                    last_para = ix.para_of(ix.passages[last_k].start)
                    continue
                if cand.key == BYLINE_KEY or self.keep(cand.key):
                    assert cand.cue_token is not None
                    self.used_cues.add(cand.cue_token)
                    if cand.source is not None:
                        self.cue_sources[cand.cue_token] = cand.source
                    out.append(cand)
                    last, last_para = cand, ix.para_of(ix.passages[last_k].start)
                    continue
                if not substantive:
                    continue
            # no cue of its own: continues the quote before it (same or next paragraph)
            if last is not None and para - last_para <= 1:
                last.content.extend(content)
                last_para = ix.para_of(ix.passages[last_k].start)
            elif self.keep_uncued and self.keep("_uncued|quote"):
                cand = Candidate(content, None, None, "_uncued|quote", None, True)
                out.append(cand)
                last, last_para = cand, ix.para_of(ix.passages[last_k].start)
        return out
