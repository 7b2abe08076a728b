import Foundation

/// What a document says of itself (docProps/core.xml and docProps/app.xml): its title, who made it and when.
public struct DocumentProperties: Sendable, Hashable {
    /// The title, shown by Word and LibreOffice in the document's properties.
    public var title: String
    /// Who made the document.
    public var creator: String
    /// When the document was made, from 1980 to 2099: its creation and modification time, and the time of every
    /// file in the package, so that the same input gives the same bytes. Never read from a clock here.
    public var created: Date
    /// The application named in app.xml.
    public var application: String

    /// Properties with every value given.
    public init(title: String, creator: String, created: Date, application: String = "tally") {
        self.title = title
        self.creator = creator
        self.created = created
        self.application = application
    }

    /// Throws when `created` is a time a ZIP entry cannot record.
    func validate() throws {
        let seconds = created.timeIntervalSince1970
        guard seconds.isFinite, (Self.earliest...Self.latest).contains(seconds) else {
            throw OfficeError(.created(seconds))
        }
    }

    /// 1980-01-01T00:00:00Z and 2099-12-31T23:59:59Z, the range of MS-DOS times in ZIP headers.
    private static let earliest: Double = 315_532_800
    private static let latest: Double = 4_102_444_799

    /// `created` in W3CDTF, UTC, whole seconds: `2025-04-15T03:00:00Z`.
    var w3cdtf: String {
        created.formatted(Date.ISO8601FormatStyle())
    }

    /// docProps/core.xml, in `language` (a BCP 47 tag) when given.
    func coreXML(language: String?) -> String {
        var xml = XMLWriter()
        xml.element("cp:coreProperties", [
            "xmlns:cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:dcterms": "http://purl.org/dc/terms/",
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        ]) { xml in
            xml.element("dc:title", text: title)
            xml.element("dc:creator", text: creator)
            if let language { xml.element("dc:language", text: language) }
            xml.element("dcterms:created", ["xsi:type": "dcterms:W3CDTF"], text: w3cdtf)
            xml.element("dcterms:modified", ["xsi:type": "dcterms:W3CDTF"], text: w3cdtf)
        }
        return xml.text
    }

    /// docProps/app.xml.
    var appXML: String {
        var xml = XMLWriter()
        xml.element("Properties", [
            "xmlns": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
            "xmlns:vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
        ]) { xml in
            xml.element("Application", text: application)
        }
        return xml.text
    }
}
