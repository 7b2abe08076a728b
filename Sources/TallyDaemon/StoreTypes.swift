import TallyStore

// The module and its main class are both called TallyStore, so `StoreAlert` would name a member
// of the class. This file imports only the store, where these names are unambiguous.
typealias StoreAlert = Alert
typealias StoreWindowOutcome = WindowOutcome
typealias StoreImportRow = ImportRow
