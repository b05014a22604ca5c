"""The template and leads both sides of `make bench-drafts` render: six variables, a `default` fallback and
nested spintax. bench/drafts/render.rs holds the same text; render.rs checks they agree at start."""

SUBJECT = "{Quick|Short} idea for {{ company }}"
BODY = (
    "{Hi|Hello|Hey} {{ first_name | default(\"there\") }},\n\n"
    "I saw that {{ company }} {is growing|{keeps|has been} hiring} in {{ country }}. "
    "As {{ title }}, you likely care about pipeline quality.\n\n"
    "We help teams like yours every month: {{ website }}.\n\n"
    "{Best|Cheers},\n{{ last_name }}'s friend at Northwind"
)

def lead(i):
    """Lead i: every tenth has no first name (the key is absent, as an empty cell is), so the fallback is taken."""
    row = {
        "first_name": "" if i % 10 == 0 else f"First{i}",
        "last_name": f"Last{i}",
        "company": f"Company {i % 997}",
        "title": ["CTO", "Head of Growth", "Founder", "VP Sales"][i % 4],
        "website": f"https://company{i % 997}.com",
        "country": ["Germany", "France", "United States", "Spain"][i % 4],
    }
    return {k: v for k, v in row.items() if v}
