import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers } from "@codemirror/view";
import { useEffect, useRef } from "react";

/**
 * A CodeMirror 6 JSON editor. CodeMirror adds its styles as a <style> element;
 * the CSP lets it run only with the page's nonce (ADR 0011), which the
 * browser exposes on our scripts' `nonce` property (never as an attribute).
 * Tab is left to move the focus out (no indentWithTab), so keyboard users are
 * never trapped; the editor is labelled by the visible heading `labelId`.
 */
export function CodeEditor({
  labelId,
  describedBy,
  value,
  onChange,
  diagnostics,
}: {
  labelId: string;
  describedBy?: string;
  value: string;
  onChange: (text: string) => void;
  diagnostics: Diagnostic[];
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>();
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce ?? "";
    const contentAttributes: Record<string, string> = { "aria-labelledby": labelId };
    if (describedBy) contentAttributes["aria-describedby"] = describedBy;
    view.current = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          EditorView.cspNonce.of(nonce),
          lineNumbers(),
          // Wrapped lines and no height limit: the editor never becomes a scroll region of its own,
          // which keyboard users could not reach (axe "scrollable-region-focusable"); the page scrolls.
          EditorView.lineWrapping,
          history(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          json(),
          lintGutter(),
          EditorView.contentAttributes.of(contentAttributes),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    return () => view.current?.destroy();
    // The editor owns its text after mounting; `value` is only the starting point.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const length = editor.state.doc.length;
    const clamped = diagnostics.map((d) => ({ ...d, from: Math.min(d.from, length), to: Math.min(d.to, length) }));
    editor.dispatch(setDiagnostics(editor.state, clamped));
  }, [diagnostics]);

  return <div className="code-editor" ref={host} />;
}
