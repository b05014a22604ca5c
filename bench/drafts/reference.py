"""The reference for `make bench-drafts`: Jinja2 plus a spintax pass, deterministic per lead, over the same
100,000 synthetic leads and the same template as the Rust side. Prints one JSON line: drafts, seconds, rate.

Spintax is resolved innermost group first with a generator seeded per lead and step; each distinct spun
source is compiled once (what a sensible Python implementation does), then rendered with the lead's dict.
"""
import json
import random
import re
import sys
import time

import jinja2

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from shared import BODY, SUBJECT, lead  # noqa: E402

GROUP = re.compile(r"(?<!\{)\{(?![{%#])([^{}]*)\}(?!\})")


def spin(text, rng):
    while True:
        new = GROUP.sub(lambda m: rng.choice(m.group(1).split("|")), text, count=0)
        if new == text:
            return new
        text = new


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    compiled = {}
    leads = [lead(i) for i in range(n)]
    started = time.perf_counter()
    chars = 0
    for i, row in enumerate(leads):
        rng = random.Random(i * 31 + 1)
        out = []
        for source in (SUBJECT, BODY):
            spun = spin(source, rng)
            template = compiled.get(spun)
            if template is None:
                template = compiled[spun] = env.from_string(spun)
            out.append(template.render(**row))
        chars += len(out[0]) + len(out[1])
    seconds = time.perf_counter() - started
    print(json.dumps({"drafts": n, "seconds": seconds, "rate": n / seconds, "chars": chars, "templates": len(compiled)}))


if __name__ == "__main__":
    main()
