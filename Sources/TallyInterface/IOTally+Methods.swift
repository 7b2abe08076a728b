import TallyProtocol
// The io.tally methods, each bound to its parameter and reply types.

extension IOTally {
    public static let getInfo = VarlinkMethod<VarlinkEmpty, GetInfoReply>("io.tally.GetInfo")
    public static let getStatus = VarlinkMethod<GetStatusParameters, Status>("io.tally.GetStatus")
    public static let check = VarlinkMethod<CheckParameters, Status>("io.tally.Check")
    public static let listAgreements = VarlinkMethod<VarlinkEmpty, ListAgreementsReply>("io.tally.ListAgreements")
    public static let showAgreement = VarlinkMethod<ShowAgreementParameters, ShowAgreementReply>("io.tally.ShowAgreement")
    public static let record = VarlinkMethod<RecordParameters, RecordReply>("io.tally.Record")
    public static let beginImport = VarlinkMethod<BeginImportParameters, ImportID>("io.tally.BeginImport")
    public static let addImportRows = VarlinkMethod<AddImportRowsParameters, AddImportRowsReply>("io.tally.AddImportRows")
    public static let commitImport = VarlinkMethod<ImportID, CommitImportReply>("io.tally.CommitImport")
    public static let abortImport = VarlinkMethod<ImportID, VarlinkEmpty>("io.tally.AbortImport")
    public static let listDeliveries = VarlinkMethod<ListDeliveriesParameters, ListDeliveriesReply>("io.tally.ListDeliveries")
    public static let void = VarlinkMethod<VoidParameters, VoidReply>("io.tally.Void")
    public static let milestoneDone = VarlinkMethod<MilestoneParameters, MilestoneReply>("io.tally.MilestoneDone")
    public static let milestoneUndo = VarlinkMethod<MilestoneParameters, MilestoneReply>("io.tally.MilestoneUndo")
    public static let listAlerts = VarlinkMethod<PageParameters, ListAlertsReply>("io.tally.ListAlerts")
    /// Streaming only: call with `more`.
    public static let watchAlerts = VarlinkMethod<WatchAlertsParameters, WatchAlertsReply>("io.tally.WatchAlerts")
    public static let history = VarlinkMethod<PageParameters, HistoryReply>("io.tally.History")
    public static let reload = VarlinkMethod<VarlinkEmpty, ReloadReply>("io.tally.Reload")
    public static let backup = VarlinkMethod<BackupParameters, BackupReply>("io.tally.Backup")
}
