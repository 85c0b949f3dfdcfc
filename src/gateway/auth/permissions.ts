// What a key may do. An account's keys get read and trade; the operator's key gets operator and read; a
// regulator's key reads every account but changes nothing.

export const permissions = ['read', 'trade', 'operator', 'regulator-read'] as const;
export type Permission = (typeof permissions)[number];

export function isPermission(text: string): text is Permission {
  return (permissions as readonly string[]).includes(text);
}

/** The operator's own key is not an account's: it acts on accounts named in the request. */
export const operatorAccountId = 0;
