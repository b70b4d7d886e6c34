import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getSecrets } from "../secrets";
import { authConfig } from "./auth-config";
import { authenticate, MFA_REQUIRED } from "./authenticate";
import { clientIp } from "./client-ip";

/** The password was right; the sign-in form asks for the second factor (see authenticate.ts). */
export class MfaRequiredSignin extends CredentialsSignin {
  override code = MFA_REQUIRED;
}

/** next-auth, initialised lazily so `next build` neither reads secrets nor opens the database. */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: getSecrets().authSecret,
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" }, code: { type: "text" } },
      async authorize(credentials, request) {
        const result = await authenticate({
          ctx: { actor: null, ip: clientIp(request.headers), now: Date.now },
          input: {
            email: credentials.email,
            password: credentials.password,
            // An empty field is "no code yet", not a wrong code.
            code: typeof credentials.code === "string" && credentials.code.trim() !== "" ? credentials.code : undefined,
          },
        });
        if (result === MFA_REQUIRED) throw new MfaRequiredSignin();
        return result ? { id: result.id, role: result.role, sessionVersion: result.sessionVersion } : null;
      },
    }),
  ],
}));
