"""What an untrusted query may not do, decided on what the engine itself reads.

Two checks run before pyoxigraph evaluates a query from a client:

- **SERVICE.** pyoxigraph makes real outbound HTTP requests for `SERVICE`. An earlier check
  re-parsed the query with rdflib, whose comments end only at LF; pyoxigraph's (and the SPARQL
  grammar's) also end at CR, so `# x\\r SERVICE <…>` reached the engine unseen. No second parser
  can be trusted to read a query as the engine does (pyoxigraph's PEG parser is also
  context-sensitive: after `FILTER(?o<1)` it reads `SERVICE#>` as a keyword and a comment where a
  context-free SPARQL lexer sees the IRI `<1)SERVICE#>`). So the engine decides: every ASCII
  case-insensitive occurrence of the letters "service" is renamed to "servicx" (same length, same
  character classes) and the renamed query is parsed by pyoxigraph on an empty store. Variables,
  prefixes, local names, IRIs, strings and comments keep their syntax under a consistent renaming;
  only the keyword SERVICE stops being one, and "SERVICX" is a syntax error wherever SERVICE was a
  keyword. The query runs only if the renamed query parses. pyoxigraph reads no `\\u` escapes and
  no Unicode case variants in keywords (checked in the tests), so the ASCII search sees them all.
- **Nesting depth.** pyoxigraph's parser and evaluator recurse once per level of nesting and
  overflow the thread's stack (SIGSEGV, taking the whole worker with every request in flight)
  near 2,200 braces, 836 `FILTER EXISTS`, 4,672 parentheses with an 8 MiB stack; nested
  collections also parse in exponential time. Brackets are counted on the raw text before the
  engine parses anything: an over-estimate (brackets inside strings and IRIs count too), never an
  under-estimate. Constructs that nest without brackets (`!`, chains of operators, UNION,
  OPTIONAL) are bounded by the query-length cap and the evaluation threads' stack size
  (`stack_bytes`), which the tests push to that cap.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

SERVICE_REFUSED = "SERVICE (federated query) is disabled on this endpoint"
_SERVICE = re.compile("service", re.IGNORECASE | re.ASCII)
_OPENERS = frozenset("{([")
_CLOSERS = frozenset("})]")
# Bytes of stack per character of query the evaluation threads must allow: measured worst case
# ~0.9 KiB per character (`!` chains) with pyoxigraph 0.5; doubled for margin.
STACK_BYTES_PER_CHAR = 2048
MIN_STACK_BYTES = 32 << 20


def _renamed(match: re.Match[str]) -> str:
    word = match.group(0)
    return word[:-1] + ("X" if word[-1] == "E" else "x")


def service_refusal(query: str) -> str | None:
    """Why the query may not run because it calls SERVICE, or None if it may (see the module)."""
    if _SERVICE.search(query) is None:
        return None
    try:
        ox.Store().query(_SERVICE.sub(_renamed, query))
    except SyntaxError:
        return f"{SERVICE_REFUSED} (or the query is malformed where it says SERVICE)"
    except (OSError, ValueError, TypeError, RuntimeError):
        return None  # it parsed: evaluation errors on an empty store are not SERVICE's
    return None


def nesting_depth(query: str) -> int:
    """The deepest nesting of brackets in the raw text, closing brackets never below zero."""
    depth = deepest = 0
    for char in query:
        if char in _OPENERS:
            depth += 1
            if depth > deepest:
                deepest = depth
        elif char in _CLOSERS and depth:
            depth -= 1
    return deepest


def depth_refusal(query: str, max_depth: int) -> str | None:
    """Why the query is nested too deeply to be parsed safely, or None."""
    depth = nesting_depth(query)
    if depth > max_depth:
        return (
            f"the query nests brackets {depth} deep; this endpoint accepts at most {max_depth} "
            "levels of { }, ( ) and [ ] (brackets inside strings count too)"
        )
    return None


def stack_bytes(max_query_length: int) -> int:
    """Stack for a thread that parses and evaluates queries up to `max_query_length` characters."""
    return max(MIN_STACK_BYTES, max_query_length * STACK_BYTES_PER_CHAR)
