"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface NavLink {
  href: string;
  label: string;
  /** A fuller name for assistive technology; it starts with the visible label. */
  ariaLabel?: string;
  /** Needs attention now (open takedown tasks): marked in words by the label, and in style. */
  urgent?: boolean;
}

export function NavLinks({ links }: { links: NavLink[] }) {
  const pathname = usePathname();
  return (
    <ul className="nav">
      {links.map((l) => {
        const current = l.href === "/" ? pathname === "/" : pathname.startsWith(l.href);
        return (
          <li key={l.href}>
            <Link
              href={l.href}
              aria-current={current ? "page" : undefined}
              aria-label={l.ariaLabel}
              className={l.urgent ? "nav-urgent" : undefined}
            >
              {l.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
