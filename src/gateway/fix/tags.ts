// The FIX 4.4 tags and enumerated values this gateway reads or writes: the subset listed in README.md.
// Names follow the FIX specification so that a reader can look each up there.

export const Tag = {
  Account: 1,
  AvgPx: 6,
  BeginSeqNo: 7,
  BeginString: 8,
  BodyLength: 9,
  CheckSum: 10,
  ClOrdID: 11,
  CumQty: 14,
  EndSeqNo: 16,
  ExecID: 17,
  ExecInst: 18,
  HandlInst: 21,
  LastPx: 31,
  LastQty: 32,
  MsgSeqNum: 34,
  MsgType: 35,
  NewSeqNo: 36,
  OrderID: 37,
  OrderQty: 38,
  OrdStatus: 39,
  OrdType: 40,
  OrigClOrdID: 41,
  PossDupFlag: 43,
  Price: 44,
  RefSeqNum: 45,
  PossResend: 97,
  SenderCompID: 49,
  SenderSubID: 50,
  SendingTime: 52,
  Side: 54,
  Symbol: 55,
  TargetCompID: 56,
  TargetSubID: 57,
  Text: 58,
  TimeInForce: 59,
  TransactTime: 60,
  StopPx: 99,
  EncryptMethod: 98,
  CxlRejReason: 102,
  OrdRejReason: 103,
  HeartBtInt: 108,
  TestReqID: 112,
  OrigSendingTime: 122,
  GapFillFlag: 123,
  ExpireTime: 126,
  ResetSeqNumFlag: 141,
  SenderLocationID: 142,
  TargetLocationID: 143,
  ExecType: 150,
  LeavesQty: 151,
  RefTagID: 371,
  RefMsgType: 372,
  SessionRejectReason: 373,
  BusinessRejectRefID: 379,
  BusinessRejectReason: 380,
  CxlRejResponseTo: 434,
  MassCancelRequestType: 530,
  MassCancelResponse: 531,
  MassCancelRejectReason: 532,
  TotalAffectedOrders: 533,
  Username: 553,
  Password: 554,
  DefaultApplVerID: 1137,
} as const;

export const MsgType = {
  Heartbeat: '0',
  TestRequest: '1',
  ResendRequest: '2',
  Reject: '3',
  SequenceReset: '4',
  Logout: '5',
  Logon: 'A',
  ExecutionReport: '8',
  OrderCancelReject: '9',
  NewOrderSingle: 'D',
  OrderCancelRequest: 'F',
  OrderCancelReplaceRequest: 'G',
  OrderMassCancelRequest: 'q',
  OrderMassCancelReport: 'r',
  BusinessMessageReject: 'j',
} as const;
export type MsgType = (typeof MsgType)[keyof typeof MsgType];

const adminTypes: ReadonlySet<string> = new Set(['0', '1', '2', '3', '4', '5', 'A']);
/** Session-level (admin) messages are never replayed on a ResendRequest: they are gap-filled. */
export function isAdminMsgType(msgType: string): boolean {
  return adminTypes.has(msgType);
}

/** Every MsgType FIX 4.4 defines, so that an unknown one is told apart from a known but unsupported one. */
export const fix44MsgTypes: ReadonlySet<string> = new Set(
  ('0 1 2 3 4 5 6 7 8 9 A B C D E F G H J K L M N P Q R S T U V W X Y Z a b c d e f g h i j k l m n o p q r s t u v w' +
    ' x y z AA AB AC AD AE AF AG AH AI AJ AK AL AM AN AO AP AQ AR AS AT AU AV AW AX AY AZ BA BB BC BD BE BF BG BH')
    .split(' '),
);

/** SessionRejectReason (373) values, FIX 4.4. */
export const SessionRejectReason = {
  invalidTagNumber: 0,
  requiredTagMissing: 1,
  tagNotDefinedForMessageType: 2,
  undefinedTag: 3,
  tagSpecifiedWithoutValue: 4,
  valueIncorrect: 5,
  incorrectDataFormat: 6,
  compIdProblem: 9,
  sendingTimeAccuracyProblem: 10,
  invalidMsgType: 11,
  tagAppearsMoreThanOnce: 13,
  tagOutOfOrder: 14,
  other: 99,
} as const;
export type SessionRejectReason = (typeof SessionRejectReason)[keyof typeof SessionRejectReason];

/** BusinessRejectReason (380) values, FIX 4.4. */
export const BusinessRejectReason = {
  other: 0,
  unknownId: 1,
  unknownSecurity: 2,
  unsupportedMessageType: 3,
  applicationNotAvailable: 4,
  conditionallyRequiredFieldMissing: 5,
  notAuthorized: 6,
} as const;
export type BusinessRejectReason = (typeof BusinessRejectReason)[keyof typeof BusinessRejectReason];

export const beginString = 'FIX.4.4';
export const exchangeCompId = 'TOKEX';
export const SOH = '\x01';
