/**
 * The document a mail's HTML is shown in. The frame that holds it is sandboxed with `allow-same-origin` only
 * (no scripts, popups, forms or top navigation), and the document's first element is a policy that loads
 * nothing but inline styles and data: images (and https: images once the user asked for them). The engine
 * has already sanitized the HTML; this policy and the sandbox hold even when it has not.
 */
export const FRAME_SANDBOX = "allow-same-origin";

export function framePolicy(allowRemoteImages: boolean): string {
  return `default-src 'none'; img-src data:${allowRemoteImages ? " https:" : ""}; style-src 'unsafe-inline'`;
}

const BASE_STYLE = [
  "html{color-scheme:light}",
  'body{margin:0;padding:16px 18px;font:14px/1.55 -apple-system,BlinkMacSystemFont,"Segoe UI",system-ui,Roboto,Arial,sans-serif;color:#1b1b1f;background:#fff;overflow-wrap:anywhere}',
  "img{max-width:100%;height:auto}",
  "a{color:#4343b0}",
  "blockquote{margin:0 0 0 .4em;padding-left:.8em;border-left:3px solid #d2d2d8;color:#62626c}",
  "pre{white-space:pre-wrap}",
  "table{max-width:100%}",
].join("");

export function frameDocument(html: string, allowRemoteImages: boolean): string {
  return (
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${framePolicy(allowRemoteImages)}">` +
    // Links open nowhere inside the frame: a click asks for a new window, which the sandbox refuses unless the
    // window catches it first and hands it to the system browser.
    `<meta name="referrer" content="no-referrer"><base target="_blank"><style>${BASE_STYLE}</style></head><body>${html}</body></html>`
  );
}

/** A link the system browser may open: an absolute http(s) address, nothing relative, no other scheme. */
export function openableLink(href: string | null): string | null {
  const h = (href ?? "").trim();
  if (!/^https?:\/\//i.test(h)) return null;
  try {
    const url = new URL(h);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}
