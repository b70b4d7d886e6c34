export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <header className="shell-header">
        <div className="inner">
          <span className="brand">Sourcekeeper</span>
        </div>
      </header>
      <main id="main" className="auth-main">
        {children}
      </main>
    </>
  );
}
