"""The rule language: text of a condition → syntax tree. No ``eval``: a tokenizer and a
recursive-descent parser over a fixed grammar, so a rule file can say only what
the grammar allows.

Grammar (keywords in Bahasa Indonesia, as the policy texts are written)::

    ekspresi := atau
    atau     := dan ("atau" dan)*
    dan      := tidak ("dan" tidak)*
    tidak    := "tidak" tidak | banding
    banding  := jumlah [ ("==" | "!=" | "<" | "<=" | ">" | ">=") jumlah
                       | "dalam" daftar | "tidak" "dalam" daftar | "memuat" daftar ]
    jumlah   := kali (("+" | "-") kali)*
    kali     := unari (("*" | "/") unari)*
    unari    := "-" unari | atom
    atom     := ANGKA | "TEKS" | "benar" | "salah" | "param" "." NAMA
              | NAMA "(" [ekspresi ("," ekspresi)*] ")" | NAMA | "(" ekspresi ")" | daftar
    daftar   := "[" [ekspresi ("," ekspresi)*] "]" | "param" "." NAMA

Example: ``umur >= param.usia_min dan tidak pernah_menerima("UEP_KUBE")``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from datusoban.sasaran.rules import ast

MAX_LENGTH = 2_000  # characters of one condition
MAX_DEPTH = 40  # nesting: bounds the recursion whatever the file says

KEYWORDS = frozenset({"dan", "atau", "tidak", "dalam", "memuat", "benar", "salah", "param"})
COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>\d[\d_]*(?:\.\d+)?)
      | (?P<text>"[^"\\\n]*")
      | (?P<name>[a-z_][a-z0-9_]*)
      | (?P<op>==|!=|<=|>=|[<>+\-*/()\[\],.])
    )""",
    re.VERBOSE,
)


class RuleSyntaxError(ValueError):
    """A condition the grammar does not allow; ``position`` is the 0-based character."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (karakter ke-{position + 1})")
        self.position = position


@dataclass(frozen=True)
class Token:
    kind: str  # number, text, name, keyword, op, end
    value: str
    position: int


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_LENGTH:
        raise RuleSyntaxError(f"syarat lebih dari {MAX_LENGTH} karakter", MAX_LENGTH)
    tokens, position = [], 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            start = position + len(text[position:]) - len(text[position:].lstrip())
            raise RuleSyntaxError(f"tanda tidak dikenal {text[start]!r}", start)
        kind = match.lastgroup
        value = match.group(kind)
        start = match.start(kind)
        if kind == "name" and value in KEYWORDS:
            kind = "keyword"
        tokens.append(Token(kind, value, start))
        position = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0

    # -- helpers --
    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def _peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.index + offset, len(self.tokens) - 1)]

    def _at(self, kind: str, value: str | None = None) -> bool:
        return self.token.kind == kind and (value is None or self.token.value == value)

    def _take(self, kind: str, value: str | None = None) -> Token:
        if not self._at(kind, value):
            wanted = repr(value) if value else kind
            found = repr(self.token.value) if self.token.kind != "end" else "akhir syarat"
            raise RuleSyntaxError(f"diharapkan {wanted}, ditemukan {found}", self.token.position)
        token = self.token
        self.index += 1
        return token

    def _nested(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise RuleSyntaxError("syarat bersarang terlalu dalam", self.token.position)

    # -- grammar --
    def parse(self) -> ast.Node:
        if self._at("end"):
            raise RuleSyntaxError("syarat kosong", 0)
        node = self.expression()
        if not self._at("end"):
            raise RuleSyntaxError(
                f"sisa yang tidak dipahami {self.token.value!r}", self.token.position
            )
        return node

    def expression(self) -> ast.Node:
        self._nested()
        node = self._or()
        self.depth -= 1
        return node

    def _or(self) -> ast.Node:
        node = self._and()
        while self._at("keyword", "atau"):
            self.index += 1
            node = ast.Logic("atau", node, self._and())
        return node

    def _and(self) -> ast.Node:
        node = self._not()
        while self._at("keyword", "dan"):
            self.index += 1
            node = ast.Logic("dan", node, self._not())
        return node

    def _not(self) -> ast.Node:
        if self._at("keyword", "tidak"):
            self.index += 1
            self._nested()
            node = ast.Not(self._not())
            self.depth -= 1
            return node
        return self._comparison()

    def _comparison(self) -> ast.Node:
        left = self._sum()
        token = self.token
        if token.kind == "op" and token.value in COMPARISONS:
            self.index += 1
            return ast.Compare(token.value, left, self._sum())
        if self._at("keyword", "dalam"):
            self.index += 1
            return ast.InList(left, self._list())
        if (
            self._at("keyword", "tidak")
            and self._peek().kind == "keyword"
            and (self._peek().value == "dalam")
        ):
            self.index += 2
            return ast.InList(left, self._list(), negated=True)
        if self._at("keyword", "memuat"):
            self.index += 1
            return ast.Contains(left, self._list())
        return left

    def _sum(self) -> ast.Node:
        node = self._product()
        while self.token.kind == "op" and self.token.value in "+-":
            op = self._take("op").value
            node = ast.Arithmetic(op, node, self._product())
        return node

    def _product(self) -> ast.Node:
        node = self._unary()
        while self.token.kind == "op" and self.token.value in "*/":
            op = self._take("op").value
            node = ast.Arithmetic(op, node, self._unary())
        return node

    def _unary(self) -> ast.Node:
        if self._at("op", "-"):
            self.index += 1
            self._nested()
            node = ast.Negative(self._unary())
            self.depth -= 1
            return node
        return self._atom()

    def _list(self) -> ast.Node:
        if self._at("keyword", "param"):
            return self._param()
        self._take("op", "[")
        items = [] if self._at("op", "]") else self._items()
        self._take("op", "]")
        return ast.ListLiteral(tuple(items))

    def _items(self) -> list[ast.Node]:
        items = [self.expression()]
        while self._at("op", ","):
            self.index += 1
            items.append(self.expression())
        return items

    def _param(self) -> ast.Param:
        self._take("keyword", "param")
        self._take("op", ".")
        return ast.Param(self._take("name").value)

    def _atom(self) -> ast.Node:
        token = self.token
        if token.kind == "number":
            self.index += 1
            text = token.value.replace("_", "")
            return ast.Literal(float(text) if "." in text else int(text))
        if token.kind == "text":
            self.index += 1
            return ast.Literal(token.value[1:-1])
        if token.kind == "keyword" and token.value in ("benar", "salah"):
            self.index += 1
            return ast.Literal(token.value == "benar")
        if token.kind == "keyword" and token.value == "param":
            return self._param()
        if token.kind == "name":
            self.index += 1
            if self._at("op", "("):
                self.index += 1
                args = [] if self._at("op", ")") else self._items()
                self._take("op", ")")
                return ast.Call(token.value, tuple(args))
            return ast.Fact(token.value)
        if self._at("op", "("):
            self.index += 1
            node = self.expression()
            self._take("op", ")")
            return node
        if self._at("op", "["):
            return self._list()
        found = repr(token.value) if token.kind != "end" else "akhir syarat"
        raise RuleSyntaxError(
            f"diharapkan nilai, fakta atau '(', ditemukan {found}", token.position
        )


def parse(text: str) -> ast.Node:
    """The syntax tree of one condition; RuleSyntaxError names what is wrong and where."""
    return _Parser(text).parse()
