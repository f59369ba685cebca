import { useFetcher, type FetcherWithComponents } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * Sends `request` through a fetcher a moment after it last changed (one
 * request per pause in typing, not per key), never the same request twice.
 * One request in flight at a time: a new submit would abort the running
 * one, and an aborted response is logged as an error by Remix while it
 * decodes. The next request waits for this one to end, then only the latest
 * is sent. `request` is a string so that a re-render with the same content
 * asks nothing new; undefined sends nothing.
 */
export function useDebouncedSubmit<T>(
  request: string | undefined,
  delayMs: number,
  submit: (fetcher: FetcherWithComponents<T>, request: string) => void
): FetcherWithComponents<T> {
  const fetcher = useFetcher<T>();
  const sent = useRef<string | undefined>(undefined);
  const idle = fetcher.state === "idle";
  useEffect(() => {
    if (!request || !idle || request === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = request;
      submit(fetcher, request);
    }, delayMs);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request, idle]);
  return fetcher;
}
