"""Write frontend/folding.js, the search folding's rules that the browser lacks, from
backend/metbefore/people/folding.py (run again after changing those rules, or on a
Python with a newer Unicode; tests/people/test_folding.py says when).

    .venv/bin/python scripts/make_folding.py
"""

from metbefore.people.folding import javascript
from metbefore.pwa import FRONTEND

if __name__ == "__main__":
    (FRONTEND / "folding.js").write_text(javascript())
