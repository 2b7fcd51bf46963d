"""Names that the records spell in more than one way. Pure.

A historian who searches a Cold War library for "Zhou Enlai" finds nothing in a
memorandum that writes "Chou En-lai", and "Beijing" nothing in a cable from "Peking":
the records use Wade-Giles and the postal romanization, today's reader types pinyin.
Russian and Arabic names are transliterated as variously ("Khrushchov", "Qadhafi").
``variants`` gives the other spellings of a word or phrase so that the library search
(and the find bar's speaker filter) can look for them too.

The table holds romanizations and transliterations of one name only: not renamings
(Saigon, Leningrad), not translations. A form is compared as the index cuts words
(letters and digits, case and accents ignored), so "Teng Hsiao-p'ing" is the five
words teng hsiao p ing, and a row may name a part of a name ("En-lai") when that part
alone is never anything else; a syllable that is also an English word or a common
surname in other names (chu, chang, wang) only appears inside a whole name.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache

__all__ = ["SPELLINGS", "other_spellings", "tokens", "variants"]

#: Each row: the spellings of one name (pinyin or the usual modern form first).
SPELLINGS: tuple[tuple[str, ...], ...] = (
    # People of the People's Republic and of the Republic of China
    ("Zhou", "Chou"),
    ("Enlai", "En-lai"),
    ("Zedong", "Tse-tung", "Tsetung"),
    ("Deng", "Teng"),
    ("Xiaoping", "Hsiao-ping", "Hsiao-p'ing"),
    ("Shaoqi", "Shao-chi", "Shao-ch'i"),
    ("Biao", "Piao"),
    ("Jiang", "Chiang"),
    ("Qing", "Ching", "Ch'ing"),
    ("Jieshi", "Kai-shek", "Kaishek"),
    ("Jingguo", "Ching-kuo"),
    ("Guofeng", "Kuo-feng"),
    ("Zhu De", "Chu Teh"),
    ("Dehuai", "Teh-huai"),
    ("Qiao", "Chiao"),
    ("Guanhua", "Kuan-hua"),
    ("Ji Pengfei", "Chi Peng-fei"),
    ("Huang Zhen", "Huang Chen"),
    ("Zhang Chunqiao", "Chang Chun-chiao", "Chang Ch'un-ch'iao"),
    ("Wang Hongwen", "Wang Hung-wen"),
    ("Ye Jianying", "Yeh Chien-ying"),
    ("Xiannian", "Hsien-nien"),
    ("Zhao", "Chao"),
    ("Ziyang", "Tzu-yang"),
    ("Yaobang", "Yao-pang"),
    ("Liao Chengzhi", "Liao Cheng-chih"),
    ("Chen Boda", "Chen Po-ta", "Ch'en Po-ta"),
    ("Dong Biwu", "Tung Pi-wu"),
    ("Gao Gang", "Kao Kang"),
    # Places, as pinyin and as the postal romanization
    ("Beijing", "Peking", "Peiping"),
    ("Nanjing", "Nanking"),
    ("Chongqing", "Chungking"),
    ("Tianjin", "Tientsin"),
    ("Guangzhou", "Canton", "Kwangchow"),
    ("Guangdong", "Kwangtung"),
    ("Guangxi", "Kwangsi"),
    ("Fujian", "Fukien"),
    ("Zhejiang", "Chekiang"),
    ("Jiangsu", "Kiangsu"),
    ("Shandong", "Shantung"),
    ("Sichuan", "Szechwan", "Szechuan"),
    ("Xinjiang", "Sinkiang"),
    ("Hebei", "Hopei", "Hopeh"),
    ("Hubei", "Hupei", "Hupeh"),
    ("Henan", "Honan"),
    ("Shaanxi", "Shensi"),
    ("Shanxi", "Shansi"),
    ("Gansu", "Kansu"),
    ("Guizhou", "Kweichow"),
    ("Heilongjiang", "Heilungkiang"),
    ("Xiamen", "Amoy"),
    ("Jinmen", "Quemoy", "Kinmen"),
    ("Mazu", "Matsu"),
    ("Taibei", "Taipei"),
    ("Qingdao", "Tsingtao"),
    ("Hangzhou", "Hangchow"),
    ("Yan'an", "Yenan"),
    ("Guomindang", "Kuomintang"),
    # Russian and Arabic names
    ("Khrushchev", "Khrushchov", "Krushchev", "Kruschev", "Khruschev"),
    ("Gorbachev", "Gorbachov"),
    ("Qaddafi", "Gaddafi", "Qadhafi", "Gadhafi", "Kadhafi", "Qadafi"),
    ("Mossadegh", "Mosaddegh", "Mossadeq", "Mosaddeq"),
    ("Sukarno", "Soekarno"),
    ("Suharto", "Soeharto"),
)

#: At most this many spellings of one query word or phrase (a phrase with several
#: names in it multiplies them).
MOST = 24

_WORD = re.compile(r"[^\W_]+")


def tokens(text: str) -> tuple[str, ...]:
    """The words of ``text`` as the index compares them: letters and digits, lower
    case, accents removed ("Yan'an" is yan an)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return tuple(_WORD.findall(plain))


@cache
def _table() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each form's words -> its row of ``SPELLINGS``."""
    return {tokens(form): row for row in SPELLINGS for form in row}


@cache
def _longest() -> int:
    return max(len(form) for form in _table())


def _names(words: tuple[str, ...]) -> list[tuple[tuple[str, ...], tuple[str, ...] | None]]:
    """``words`` cut into names of the table (longest first, left to right), each with
    its row, and the other words (row None)."""
    table = _table()
    pieces: list[tuple[tuple[str, ...], tuple[str, ...] | None]] = []
    at = 0
    while at < len(words):
        for size in range(min(_longest(), len(words) - at), 0, -1):
            row = table.get(words[at : at + size])
            if row is not None:
                pieces.append((words[at : at + size], row))
                at += size
                break
        else:
            pieces.append((words[at : at + 1], None))
            at += 1
    return pieces


def variants(text: str) -> tuple[str, ...]:
    """The other spellings of ``text`` (a word or a phrase), each as its words joined
    by spaces, or () when it names nothing in the table: "zhou enlai" gives
    "zhou en lai", "chou enlai", "chou en lai". The text's own spelling is not among
    them; at most ``MOST``."""
    pieces = _names(tokens(text))
    if all(row is None for _, row in pieces):
        return ()
    choices = [
        [words] if row is None else list(dict.fromkeys((words, *map(tokens, row))))
        for words, row in pieces
    ]
    found: list[str] = []
    for choice in itertools.islice(itertools.product(*choices), 1, MOST + 1):
        found.append(" ".join(word for form in choice for word in form))
    return tuple(found)


def other_spellings(text: str) -> tuple[str, ...]:
    """The other written forms of each name in ``text``, as the table writes them:
    "Peking", "Peiping" for "beijing" (for telling the reader what else was looked for)."""
    found: list[str] = []
    for words, row in _names(tokens(text)):
        if row is not None:
            found += [form for form in row if tokens(form) != words]
    return tuple(dict.fromkeys(found))
