const EXAMPLES: [string, string][] = [
  ["{Hi|Hello|Hey} {{ first_name }}", "One of the three, chosen per lead and step, the same every time for that lead."],
  ["{Quick|Short} {question|note}", "Each group is chosen on its own."],
  ["{Hi {{ first_name }}|{Hello|Hey} there}", "Groups nest: an alternative can hold another group."],
  ["Best{,| regards,}", "An alternative may be empty: {a|} is “a” or nothing."],
];

/** A small cheat sheet for spintax, beside the editor. */
export function SpintaxHelp() {
  return (
    <section className="card tpl-side-card" aria-labelledby="spintax-title" data-testid="spintax-help">
      <h3 id="spintax-title" className="tpl-side-card__title">Spintax</h3>
      <dl className="spin-list">
        {EXAMPLES.map(([code, text]) => (
          <div key={code}>
            <dt>
              <code className="code">{code}</code>
            </dt>
            <dd className="text-muted">{text}</dd>
          </div>
        ))}
      </dl>
      <p className="field__hint">Braces must balance; a draft with braces left over cannot be approved.</p>
    </section>
  );
}
