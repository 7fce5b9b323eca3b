"""The reported pass of the quote rules: reported speech and belief outside quotation marks.

A cue verb with a clausal complement, an infinitive, an object, a prepositional object or an object
with its predicate ("called the plan “reckless”", "described X as “…”") gives indirect (or mixed)
content, the construction of the best train precision winning; ``according to X`` attributes the rest
of its sentence to X. Cues the direct pass used are skipped.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.stages.parse import head_chain
from newsgraph.stages.quotes.cues import (
    Candidate,
    according_source,
    cue_lemma,
    cue_precision,
    cue_span,
    cue_subject,
    is_cue_word,
    token_span,
)
from newsgraph.stages.quotes.index import QUOTE_CHARS, QuotePass

CUT_PUNCT = {",", "—", "–", "-", "--"}
CUT_POS = {"ADP", "VERB", "SCONJ"}


class ReportedPass(QuotePass):
    """Finds the reported attributions of the cue words the direct pass left."""

    def _according(self, tok: Token) -> Candidate | None:
        src = according_source(tok)
        if src is None:
            return None
        sent = tok.sent
        phrase_lo, phrase_hi = tok.left_edge.i, max(tok.right_edge.i, src.right_edge.i)
        frags = []
        if phrase_lo > sent.start:
            frags.append(token_span(self.doc, sent.start, phrase_lo - 1))
        if phrase_hi + 1 < sent.end:
            frags.append(token_span(self.doc, phrase_hi + 1, sent.end - 1))
        frags = [f for f in frags if f[1] - f[0] > 1]
        if not frags:
            return None
        source = token_span(self.doc, src.left_edge.i, src.right_edge.i)
        return Candidate(frags, cue_span(self.doc, tok), source, "according|according", tok.i)

    def _frames(self, tok: Token, lemma: str) -> list[tuple[str, tuple[int, int]]]:
        """The constructions of a cue verb as (key, content token range) pairs.

        Besides its complement, object or prepositional object alone, an object followed by a
        predicate ("called the plan “reckless”", "described X as “…”") gives both as one content.
        """
        frames: list[tuple[str, tuple[int, int]]] = []
        obj: Token | None = None
        for child in tok.children:
            dep = child.dep_
            if dep in ("ccomp", "xcomp", "dobj"):
                frames.append((f"{lemma}|{dep}", self._content_range(child)))
                if dep == "dobj" and obj is None:
                    obj = child
            elif dep == "oprd":
                if obj is not None and obj.i < child.i:
                    a = self._content_range(obj)[0]
                    frames.append((f"{lemma}|obj_pred", (a, self._content_range(child)[1])))
            elif dep == "prep":
                objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if objs:
                    frames.append((f"{lemma}|prep_{child.lower_}", self._content_range(objs[0])))
                if child.lower_ == "as" and obj is not None and obj.i < child.i:
                    a = self._content_range(obj)[0]
                    frames.append((f"{lemma}|obj_as", (a, self._content_range(child)[1])))
                elif child.lower_ == "to" and objs and obj is None:
                    obj = objs[0]  # "referred to X as “…”"
        return frames

    def _cut_after_quote(self, a: int, b: int) -> int:
        """End a mixed content at its last closing quote when only a loose modifier follows it."""
        ix, doc = self.ix, self.doc
        last_end = -1
        for i in range(b, a - 1, -1):
            k = ix.tok_passage[i]
            if k != -1:
                last_end = ix.passage_tokens[k][1] - 1
                break
        if last_end < a or last_end >= b:
            return b
        nxt = last_end + 1
        if doc[nxt].text in CUT_PUNCT and nxt + 1 <= b and doc[nxt + 1].pos_ in CUT_POS:
            return last_end
        p = ix.passages[ix.tok_passage[last_end]]
        inner = self.ix.text[p.start : p.end].rstrip(QUOTE_CHARS + " ")
        if inner.endswith(",") and doc[nxt].pos_ in CUT_POS:
            return last_end  # “…,” in an interview on Sunday
        return b

    def _participle_source(self, tok: Token) -> tuple[int, int] | None:
        """The source of the cue just before a participle clause: “…,” X said, adding that …"""
        doc = self.doc
        participle = next((t for t in (tok, *head_chain(tok, 3)) if t.tag_ == "VBG"), None)
        if participle is None:
            return None
        comma = participle.left_edge.i - 1
        if comma < 1 or doc[comma].text != ",":
            return None
        for i in range(comma - 1, max(comma - 4, -1), -1):
            if i in self.cue_sources:
                return self.cue_sources[i]
        return None

    def reported(self) -> list[Candidate]:
        doc, ix = self.doc, self.ix
        out: list[Candidate] = []
        for tok in doc:
            if tok.i in self.used_cues or ix.tok_passage[tok.i] != -1 or not is_cue_word(tok):
                continue
            if tok.lower_ == "according":
                cand = self._according(tok)
                if cand is not None and self.keep(cand.key):
                    out.append(cand)
                continue
            lemma = cue_lemma(tok)
            para_lo, para_hi = self._paragraph_tokens(tok)
            best: tuple[float, Candidate] | None = None
            for key, (a, b) in self._frames(tok, lemma):
                if not self.keep(key):
                    continue
                a, b = max(a, para_lo), min(b, para_hi)
                b = self._cut_after_quote(a, b)
                if a <= tok.i <= b or a > b:
                    continue
                content = token_span(doc, a, b)
                if content[1] - content[0] < 2:
                    continue
                subj = cue_subject(tok, self._quoted)
                source = None
                if subj is not None and not (a <= subj.i <= b) and not self._quoted(subj.i):
                    s_a, s_b = subj.left_edge.i, subj.right_edge.i
                    source = token_span(doc, s_a, s_b)
                elif subj is None or self._quoted(subj.i):
                    source = self._participle_source(tok)
                cand = Candidate([content], cue_span(doc, tok), source, key, tok.i)
                score = cue_precision(key)
                if self.all_frames:
                    out.append(cand)
                elif best is None or score > best[0]:
                    best = (score, cand)
            if best is not None:
                out.append(best[1])
        return out
