"use client";

import { useSyncExternalStore } from "react";
import { utcText } from "./format";

const noSubscription = () => () => {};

const localFormat = () => new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "long" });

/**
 * A time in the reader's own time zone (the browser knows it, the server does not), with the UTC time on hover.
 * The server and the first client render show UTC, so hydration matches; the browser then switches to local.
 */
export function LocalTime({ ms }: { ms: number }) {
  const local = useSyncExternalStore(
    noSubscription,
    () => localFormat().format(ms),
    () => utcText(ms),
  );
  return (
    <time dateTime={new Date(ms).toISOString()} title={utcText(ms)}>
      {local}
    </time>
  );
}
