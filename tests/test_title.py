import pytest

from lod.sources.title import read_title


@pytest.mark.parametrize(
    ("title", "kind", "numbers", "sender", "addressees"),
    [
        (
            "Ciphered telegram, Shtykov to Stalin on the Political Mood in North Korea",
            "telegram",
            [],
            "Shtykov",
            ["Stalin"],
        ),
        ("Ciphered Telegram No. 25553, Roshchin to Filippov [Stalin]", "telegram", ["25553"], "Roshchin", ["Filippov"]),
        ("Telegram from Kim Il Sung to Stalin (via Shtykov)", "telegram", [], "Kim Il Sung", ["Stalin"]),
        (
            "Ciphered Telegram, Filippov [Stalin] to Mao Zedong and Zhou Enlai (via Roshchin)",
            "telegram",
            [],
            "Filippov",
            ["Mao Zedong", "Zhou Enlai"],
        ),
        (
            "Telegram from Soviet Defense Minister A.M. Vasilevsky to Stalin",
            "telegram",
            [],
            "A.M. Vasilevsky",
            ["Stalin"],
        ),
        (
            "Letter, Jawaharlal Nehru to All Provincial Premiers",
            "letter",
            [],
            "Jawaharlal Nehru",
            ["All Provincial Premiers"],
        ),
        (
            "Address by Mr. Frank Aiken to the United Nations General Assembly",
            "speech",
            [],
            "Frank Aiken",
            ["United Nations General Assembly"],
        ),
        ("The Chancellor's [Helmut Kohl's] Meeting with British PM Blair", "memorandum", [], None, []),
    ],
)
def test_catalogue_titles(title: str, kind: str, numbers: list[str], sender: str | None, addressees: list[str]) -> None:
    heading = read_title(title)
    assert heading.kind == kind
    assert heading.numbers == numbers
    assert (heading.sender.written if heading.sender else None) == sender
    assert [a.written for a in heading.addressees] == addressees


def test_places_in_parentheses_are_origin_and_destination() -> None:
    heading = read_title(
        "Confidential Report from Thomas J. Kieran (Ottawa) to Con Cremin (Dublin), ‘Poland and our Policy’"
    )
    assert (heading.sender.written, heading.sent_from.written) == ("Thomas J. Kieran", "Ottawa")
    assert ([a.written for a in heading.addressees], heading.sent_to.written) == (["Con Cremin"], "Dublin")


def test_a_body_and_its_seat() -> None:
    heading = read_title("Ciphered telegram, Shtykov to Ministry of Foreign Affairs, Moscow")
    assert [a.written for a in heading.addressees] == ["Ministry of Foreign Affairs"]
    assert heading.sent_to.written == "Moscow"


def test_a_release_date_in_the_title() -> None:
    heading = read_title("Recommendations on the Russian Emigration [Approved for Release, February 16, 2011]")
    assert heading.declassified_on.isoformat() == "2011-02-16"
