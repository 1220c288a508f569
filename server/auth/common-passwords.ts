/**
 * Passwords of ten characters or more that top the public breach lists (SecLists'
 * most-common lists), lower-cased, plus the obvious Hebrew-keyboard and local ones.
 * Shorter entries are already refused by the minimum length.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '1234567890', '0123456789', '0987654321', '1111111111', '0000000000', '1234512345', '1122334455',
  '1231231231', '1212121212', '9876543210', '12345678910', '123456789a', 'a123456789', '123456789q',
  'qwertyuiop', 'qwertyuiop1', 'qwerty1234', 'qwerty12345', 'qwerty123456', '1qaz2wsx3edc', 'zaq12wsxcde3',
  'asdfghjkl1', 'asdfghjkl;', 'zxcvbnm123', 'password12', 'password123', 'password1234', 'password!1',
  'passw0rd123', 'p@ssw0rd123', 'p@ssword123', 'iloveyou12', 'iloveyou123', 'football123', 'baseball123',
  'princess123', 'sunshine123', 'superman123', 'starwars123', 'welcome123', 'welcome1234', 'letmein123',
  'trustno1234', 'monkey12345', 'dragon12345', 'master12345', 'abc1234567', 'abcd123456', 'abcdefghij',
  'abcdefg123', 'changeme123', 'administrator', 'admin12345', 'admin123456', 'adminadmin', 'rootroot12',
  'qazwsxedcrfv', 'q1w2e3r4t5', 'q1w2e3r4t5y6', '1q2w3e4r5t', '1q2w3e4r5t6y', 'michael123', 'jennifer123',
  'computer123', 'internet123', 'samsung123', 'liverpool1', 'chelsea123', 'pokemon123', 'whatever12',
  'shalom1234', 'shalom12345', 'israel1234', 'israel12345', 'yisrael123', 'prosaas123', 'prosaas1234',
  'password2024', 'password2025', 'password2026', 'welcome2026', 'summer2026', 'winter2026',
  'שלום123456', 'ישראל12345', 'qwertyqwerty',
]);
