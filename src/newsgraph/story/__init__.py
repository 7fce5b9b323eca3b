"""Stories and corpus-wide entities across articles, assigned incrementally as records arrive (no spaCy, no model).

``stories.py``: ``StoryClusterer.add(record)`` puts an article into the best-matching story (TF-IDF cosine of its
words and names against each candidate story's centroid, less a penalty for clashing dates) or starts a new one;
nothing already assigned is recomputed. ``linking.py``: ``EntityLinker.add(record, story)`` maps each of the
article's entities onto a corpus entity ("Lavrov", "Sergey V. Lavrov" and "Russian Foreign Minister Sergey Lavrov"
are one; "Tara Reid" and "Harry Reid" are two). ``corpus.py``: ``CorpusLinker`` runs both and rewrites a record's
entity ids (and every reference to them) to the corpus ids. ``textsim.py``: the word lists and the text measures
the store matches statements and claims across articles with. Works on ``ArticleRecord`` objects only; imports
only the records and the CAMEO actor dictionary.
"""

from newsgraph.story.corpus import CorpusLinker
from newsgraph.story.linking import CorpusEntity, EntityLinker
from newsgraph.story.stories import Story, StoryClusterer, article_features
from newsgraph.story.textsim import normalise_text, text_similarity, token_overlap

__all__ = ["CorpusEntity", "CorpusLinker", "EntityLinker", "Story", "StoryClusterer", "article_features",
           "normalise_text", "text_similarity", "token_overlap"]
