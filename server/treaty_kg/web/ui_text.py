"""The pages' own words in the reader's language (fr, vi; English is the key and the fallback).

Data labels come from the graph (labels.py); these are only the headings and short phrases
around them, so that a page read in French or Vietnamese reads in one language.
"""

from __future__ import annotations

from collections.abc import Callable

TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "Query": "Requête",
        "Ontology": "Ontologie",
        "Search names": "Chercher un nom",
        "Language": "Langue",
        "Names": "Noms",
        "What the sources say": "Ce que disent les sources",
        "See this sentence in “{}”": "Voir cette phrase dans « {} »",
        "mention": "mention",
        "Facts": "Faits",
        "Properties": "Propriétés",
        "Links to {}": "Liens vers {}",
        "inferred": "inféré",
        "only in the inferred graph": "seulement dans le graphe inféré",
        "{} statement(s) here come from the reasoner.": "{} affirmation(s) ici viennent du raisonneur.",
        "Hide inferred statements": "Masquer les affirmations inférées",
        "Show inferred statements": "Afficher les affirmations inférées",
        "As an ontology term": "Comme terme de l'ontologie",
        "Definition": "Définition",
        "Super-classes": "Super-classes",
        "Sub-classes": "Sous-classes",
        "Super-properties": "Super-propriétés",
        "Sub-properties": "Sous-propriétés",
        "Alignments": "Alignements",
        "Domain": "Domaine",
        "Range": "Portée",
        "Instances": "Instances",
        "Statements using it": "Affirmations qui l'emploient",
        "Contents": "Sommaire",
        "Classes": "Classes",
        "Text": "Texte",
        "Mentions": "Mentions",
        "characters {}–{}": "caractères {}–{}",
        "Each highlighted passage is a mention a fact cites; the numbers after it link to those facts.": "Chaque passage surligné est une mention citée par un fait ; les numéros qui le suivent mènent à ces faits.",
        "(shortened)": "(abrégé)",
        "Not found": "Introuvable",
        "No resource has this address.": "Aucune ressource n'a cette adresse.",
        "Search": "Recherche",
        "Search by name (accents optional)": "Chercher par nom (accents facultatifs)",
        "No name contains “{}”.": "Aucun nom ne contient « {} ».",
        "This resource as": "Cette ressource en",
        "as of {}": "au {}",
    },
    "vi": {
        "Query": "Truy vấn",
        "Ontology": "Bản thể học",
        "Search names": "Tìm theo tên",
        "Language": "Ngôn ngữ",
        "Names": "Tên gọi",
        "What the sources say": "Nguồn tin nói gì",
        "See this sentence in “{}”": "Xem câu này trong “{}”",
        "mention": "trích dẫn",
        "Facts": "Dữ kiện",
        "Properties": "Thuộc tính",
        "Links to {}": "Liên kết đến {}",
        "inferred": "suy luận",
        "only in the inferred graph": "chỉ có trong đồ thị suy luận",
        "{} statement(s) here come from the reasoner.": "{} khẳng định ở đây do bộ suy luận tạo ra.",
        "Hide inferred statements": "Ẩn các khẳng định suy luận",
        "Show inferred statements": "Hiện các khẳng định suy luận",
        "As an ontology term": "Là thuật ngữ của bản thể học",
        "Definition": "Định nghĩa",
        "Super-classes": "Lớp cha",
        "Sub-classes": "Lớp con",
        "Super-properties": "Thuộc tính cha",
        "Sub-properties": "Thuộc tính con",
        "Alignments": "Ánh xạ",
        "Domain": "Miền xác định",
        "Range": "Miền giá trị",
        "Instances": "Số thể hiện",
        "Statements using it": "Số khẳng định dùng nó",
        "Contents": "Mục lục",
        "Classes": "Lớp",
        "Text": "Văn bản",
        "Mentions": "Trích dẫn",
        "characters {}–{}": "ký tự {}–{}",
        "Each highlighted passage is a mention a fact cites; the numbers after it link to those facts.": "Mỗi đoạn được tô sáng là một trích dẫn mà một dữ kiện dựa vào; các số theo sau dẫn đến các dữ kiện đó.",
        "(shortened)": "(rút gọn)",
        "Not found": "Không tìm thấy",
        "No resource has this address.": "Không có tài nguyên nào ở địa chỉ này.",
        "Search": "Tìm kiếm",
        "Search by name (accents optional)": "Tìm theo tên (không cần dấu)",
        "No name contains “{}”.": "Không có tên nào chứa “{}”.",
        "This resource as": "Tài nguyên này dưới dạng",
        "as of {}": "tính đến {}",
    },
}


def translator(lang: str) -> Callable[[str], str]:
    """`_("Names")` in the reader's language; an untranslated phrase stays in English."""
    table = TEXT.get(lang, {})
    return lambda text: table.get(text, text)
