/**
 * A small deny-list of passwords (and password stems) that appear at the top of every breach list.
 * Checked case-insensitively after stripping digits and symbols from the ends, so "Password2024!" is caught.
 */
export const COMMON_PASSWORD_STEMS: ReadonlySet<string> = new Set([
  "password", "passw0rd", "p@ssword", "p@ssw0rd", "qwerty", "qwertyuiop", "qwertyui", "asdfgh", "asdfghjkl",
  "zxcvbnm", "letmein", "welcome", "iloveyou", "admin", "administrator", "changeme", "secret", "abc", "abcdef",
  "abcdefgh", "monkey", "dragon", "football", "baseball", "sunshine", "princess", "master", "superman",
  "trustno", "starwars", "whatever", "shadow", "michael", "jennifer", "computer", "internet", "freedom",
  "qazwsx", "1q2w3e4r", "1qaz2wsx", "zaq12wsx", "sourcekeeper", "journalist", "newsroom", "editor", "korea",
  "northkorea", "pyongyang", "seoul", "ukraine", "kyiv", "default", "login", "access", "hello", "loveyou",
]);

/** Whole passwords that are weak even though they are long. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "123456789012", "1234567890123", "12345678901234", "123456789abc", "111111111111", "000000000000",
  "aaaaaaaaaaaa", "qwertyuiopasdfgh", "correcthorsebatterystaple", "iloveyouiloveyou", "passwordpassword",
  "abcdefghijkl", "abcd1234abcd", "qwerty123456", "password1234", "123456password", "letmeinletmein",
]);
