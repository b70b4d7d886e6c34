import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getSecrets } from "../secrets";
import { authConfig } from "./auth-config";
import { authenticate } from "./authenticate";
import { clientIp } from "./client-ip";

/** next-auth, initialised lazily so `next build` neither reads secrets nor opens the database. */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: getSecrets().authSecret,
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, request) {
        const user = await authenticate({
          ctx: { actor: null, ip: clientIp(request.headers), now: Date.now },
          input: { email: credentials.email, password: credentials.password },
        });
        return user ? { id: user.id, role: user.role, sessionVersion: user.sessionVersion } : null;
      },
    }),
  ],
}));
