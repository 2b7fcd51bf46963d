"""Documents built here for the citation and export tests: FRUS metadata and every span
kind, so no test depends on a parser being present."""

from __future__ import annotations

from reader.model.document import Block, Document, Metadata, Note, Source, Span, Speaker


def frus_document() -> Document:
    text1 = "Two things I would like to mention.2 Then it is better."
    text2 = "What does [sic] mutual mean? [Laughter] I mean [2 lines not declassified] it."
    return Document(
        metadata=Metadata(
            title="188. Transcript of Telephone Conversation Between Kissinger & Dobrynin",
            date="1970-07-27",
            date_text="July 27, 1970, 8:45 a.m.",
            archive="Office of the Historian, U.S. Department of State",
            collection="Foreign Relations of the United States, 1969–1976",
            volume="Volume XII, Soviet Union, January 1969–October 1970",
            number="188",
            url="https://history.state.gov/historicaldocuments/frus1969-76v12/d188",
            place="Washington",
            extra=(("Editor", "Erin R. Mahan"),),
        ),
        blocks=(
            Block(
                "turn",
                text1,
                "p_DAF1",
                "D",
                "label",
                (Span("footnote-ref", 35, 36, "d188fn2"),),
                page="580",
            ),
            Block(
                "turn",
                text2,
                "t_K1",
                "K",
                "label",
                (
                    Span("page-break", 0, 0, "581"),
                    Span("sic", 10, 15),
                    Span("stage", 29, 39),
                    Span("redaction", 47, 73),
                ),
                page="581",
            ),
        ),
        speakers=(
            Speaker("p_DAF1", "Anatoliy F. Dobrynin", ("D",), 0),
            Speaker("t_K1", "Henry A. Kissinger", ("K",), 1),
        ),
        notes=(
            Note("d188fn1", "source", "Source: Library of Congress.", "1"),
            Note("d188fn2", "footnote", "July 29.", "2", 0),
        ),
        source=Source(format="frus-tei", part="d188"),
    )


TRICKY_TITLE = (
    "Talks & “Détente” [sic] with Ch’iao Kuan-hua, Громыко and 周恩来: 100% {ok} #1 $5 a_b ~^\\"
)


def tricky_document() -> Document:
    """Brackets, quotes, ampersands, TeX specials and non-Latin names everywhere."""
    text = 'Ch’iao Kuan-hua said [sic] "Громыко & 周恩来" <b>*not* markup</b> [i.e., 100%].'
    return Document(
        metadata=Metadata(
            title=TRICKY_TITLE,
            date="1971-10-21",
            archive="Wilson Center Digital Archive",
            archive_location="PRC FMA 110-01 & 2_3, 1-4",
            translator="Zhang Qian and Gary Goldberg",
            author="周恩来",
            original_language="Chinese",
            url="https://digitalarchive.wilsoncenter.org/document/1?a=1&b=2",
        ),
        blocks=(
            Block(
                "turn",
                text,
                "qiao",
                "Ch’iao",
                "label",
                (Span("sic", 21, 26), Span("gloss", 63, 76)),
            ),
        ),
        speakers=(Speaker("qiao", "Ch’iao Kuan-hua", ("Ch’iao",), 0),),
        source=Source(format="wilson"),
    )
