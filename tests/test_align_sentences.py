"""Sentence boundaries in Russian and English: abbreviations, initials, archival sigla, quotations."""

from __future__ import annotations

import pytest

from edition.align.sentences import split

CASES = [
    # comrades and initials never end a sentence
    ("Я думаю мы поручим подготовку этого вопроса т.т. Микояну, Вышинскому. Какие еще вопросы?",
     ["Я думаю мы поручим подготовку этого вопроса т.т. Микояну, Вышинскому.", "Какие еще вопросы?"]),
    ("Мы могли бы, говорит шутя тов. Сталин, и для Вас. Мы, конечно, исходили из того.",
     ["Мы могли бы, говорит шутя тов. Сталин, и для Вас.", "Мы, конечно, исходили из того."]),
    ("Это сказал т. Сталин. Вопрос ясен.", ["Это сказал т. Сталин.", "Вопрос ясен."]),
    ("We could, says comr. Stalin jokingly, do it. Present were comrs. Molotov and Malenkov. Good.",
     ["We could, says comr. Stalin jokingly, do it.", "Present were comrs. Molotov and Malenkov.", "Good."]),
    ("a conversation between Comrade I.V. Stalin and Comrade Mao Zedong. The conversation",
     ["a conversation between Comrade I.V. Stalin and Comrade Mao Zedong.", "The conversation"]),
    ("И. В. СТАЛИНА С ПРЕДСЕДАТЕЛЕМ", ["И. В. СТАЛИНА С ПРЕДСЕДАТЕЛЕМ"]),
    ("To Comrade Poskrebyshev, A.N. He replied.", ["To Comrade Poskrebyshev, A.N. He replied."]),
    # archival references
    ("RGASPI F. 558. Op. 11. D.329. LL. 8-18. Next.", ["RGASPI F. 558. Op. 11. D.329. LL. 8-18.", "Next."]),
    # abbreviations that may end a sentence
    ("в Маньчжурии, Синцзяне и др. Я думаю, что так.", ["в Маньчжурии, Синцзяне и др.", "Я думаю, что так."]),
    ("in Manchuria, Xinjiang, etc. I think so.", ["in Manchuria, Xinjiang, etc.", "I think so."]),
    ("in Manchuria, Sinkiang, etc.. I think so.", ["in Manchuria, Sinkiang, etc..", "I think so."]),
    ("в январе 1950 г. Мы решили. В г. Москве было тихо.", ["в январе 1950 г.", "Мы решили.", "В г. Москве было тихо."]),
    ("Им перевезено около 10 тыс. человек. Разрешите.", ["Им перевезено около 10 тыс. человек.", "Разрешите."]),
    # an ellipsis opening a quotation, a question inside quotes, ?! and brackets
    ('в статье 3 Договора: "... Эта статья остается в силе"? Думаю, нет.',
     ['в статье 3 Договора: "... Эта статья остается в силе"?', "Думаю, нет."]),
    ("Но ведь это задевает решения Ялтинской Конференции?! Верно.",
     ["Но ведь это задевает решения Ялтинской Конференции?!", "Верно."]),
    ("if you insist. (Joke) But we assume it.", ["if you insist.", "(Joke) But we assume it."]),
    # lower case after a full stop is no new sentence; numbered points open theirs
    ("10 тыс. человек и 5 до 3-4 лет.", ["10 тыс. человек и 5 до 3-4 лет."]),
    ("It was 2. Then 3 came.", ["It was 2.", "Then 3 came."]),
    ("1. I informed him. 2. Then he left.", ["1. I informed him.", "2. Then he left."]),
    ('the following: "1. Immediate cessation. 2. Return."', ['the following: "1. Immediate cessation.', '2. Return."']),
    ("Да. Нет. Хорошо.", ["Да.", "Нет.", "Хорошо."]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_sentence_boundaries(text, expected):
    assert split(text) == expected
