import { useEffect, useMemo, useRef, useState } from "react";
import { FRAME_SANDBOX, frameDocument, openableLink } from "./mailFrame";

type Closest = { closest?: (selector: string) => { getAttribute: (name: string) => string | null } | null };

/**
 * A mail's HTML in a sandboxed frame. Its links are caught from here (the frame runs no script of its own) and
 * handed to `onLink`; keys typed while the frame has focus reach the screen's shortcuts through `onKey`.
 */
export function MailFrame({ html, allowRemoteImages, title, onLink, onKey }: { html: string; allowRemoteImages: boolean; title: string; onLink: (url: string) => void; onKey: (e: KeyboardEvent) => void }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const srcDoc = useMemo(() => frameDocument(html, allowRemoteImages), [html, allowRemoteImages]);
  const [height, setHeight] = useState(160);
  const latest = useRef({ onLink, onKey });
  latest.current = { onLink, onKey };

  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    let observer: ResizeObserver | null = null;
    const attach = () => {
      const doc = frame.contentDocument;
      if (!doc || !doc.body) return;
      const onClick = (e: MouseEvent) => {
        const link = (e.target as Closest | null)?.closest?.("a[href]");
        if (!link) return;
        e.preventDefault();
        const url = openableLink(link.getAttribute("href"));
        if (url) latest.current.onLink(url);
      };
      doc.addEventListener("click", onClick);
      doc.addEventListener("auxclick", onClick);
      doc.addEventListener("keydown", (e) => latest.current.onKey(e));
      const measure = () => setHeight(Math.max(80, Math.ceil(doc.documentElement.scrollHeight)));
      measure();
      if (typeof ResizeObserver !== "undefined") {
        observer = new ResizeObserver(measure);
        observer.observe(doc.body);
      }
    };
    frame.addEventListener("load", attach);
    return () => {
      frame.removeEventListener("load", attach);
      observer?.disconnect();
    };
  }, [srcDoc]);

  return (
    <iframe
      ref={ref}
      key={srcDoc}
      className="mail-frame"
      title={title}
      sandbox={FRAME_SANDBOX}
      srcDoc={srcDoc}
      referrerPolicy="no-referrer"
      style={{ height }}
      data-testid="mail-frame"
    />
  );
}
