import Foundation
// Internal: ZIPFoundation is no part of TallyOffice's API.
internal import ZIPFoundation

/// An Open Packaging Conventions package (ECMA-376 Part 2): a document's parts, the content type of each, the
/// package's relationships, zipped with every entry dated `properties.created`.
struct OfficePackage {
    /// One file of the package.
    struct Part {
        /// Its name inside the package, without the leading slash: `word/document.xml`.
        var name: String
        /// Its content type; parts ending in `.rels` take the relationships type by default.
        var contentType: String
        /// Its content.
        var xml: String
    }

    /// The document's main part (`word/document.xml`, `xl/workbook.xml`).
    var main: Part
    /// The other parts, in the order they are zipped.
    var parts: [Part]
    /// The title, creator and time.
    var properties: DocumentProperties
    /// The document's language for core.xml, a BCP 47 tag, when it has one.
    var language: String?

    /// The ZIP bytes: `[Content_Types].xml`, `_rels/.rels`, the properties, the main part and then `parts`, each
    /// deflated and dated `properties.created`, so that the same package gives the same bytes.
    func data() throws -> Data {
        try properties.validate()
        let all = [
            Part(name: "docProps/core.xml", contentType: ContentType.coreProperties, xml: properties.coreXML(language: language)),
            Part(name: "docProps/app.xml", contentType: ContentType.extendedProperties, xml: properties.appXML),
            main,
        ] + parts
        let packageRelationships = Self.relationships([
            (RelationshipType.officeDocument, main.name),
            (RelationshipType.coreProperties, "docProps/core.xml"),
            (RelationshipType.extendedProperties, "docProps/app.xml"),
        ])
        let entries = [
            Part(name: "[Content_Types].xml", contentType: "", xml: Self.contentTypes(all)),
            Part(name: "_rels/.rels", contentType: ContentType.relationships, xml: packageRelationships),
        ] + all
        let archive: Archive
        do {
            archive = try Archive(accessMode: .create)
            for entry in entries {
                let bytes = Data(entry.xml.utf8)
                try archive.addEntry(
                    with: entry.name, type: .file, uncompressedSize: Int64(bytes.count),
                    modificationDate: properties.created, permissions: 0o644, compressionMethod: .deflate
                ) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            }
        } catch {
            throw OfficeError(.archive(String(describing: error)))
        }
        guard let data = archive.data else { throw OfficeError(.archive("the archive kept no bytes in memory")) }
        return data
    }

    /// `[Content_Types].xml`: a default for `.rels` and `.xml`, and an override for every other part.
    private static func contentTypes(_ parts: [Part]) -> String {
        var xml = XMLWriter()
        xml.element("Types", ["xmlns": "http://schemas.openxmlformats.org/package/2006/content-types"]) { xml in
            xml.empty("Default", ["Extension": "rels", "ContentType": ContentType.relationships])
            xml.empty("Default", ["Extension": "xml", "ContentType": "application/xml"])
            for part in parts where part.contentType != ContentType.relationships {
                xml.empty("Override", ["PartName": "/" + part.name, "ContentType": part.contentType])
            }
        }
        return xml.text
    }

    /// A relationships part with `targets` as `rId1`, `rId2`, … in order; targets are relative to the source part's
    /// folder (to the package root for `_rels/.rels`).
    static func relationships(_ targets: [(type: String, target: String)]) -> String {
        var xml = XMLWriter()
        xml.element("Relationships", ["xmlns": "http://schemas.openxmlformats.org/package/2006/relationships"]) { xml in
            for (index, (type, target)) in targets.enumerated() {
                xml.empty("Relationship", ["Id": "rId\(index + 1)", "Type": type, "Target": target])
            }
        }
        return xml.text
    }

    /// The content types this package writes.
    enum ContentType {
        static let relationships = "application/vnd.openxmlformats-package.relationships+xml"
        static let coreProperties = "application/vnd.openxmlformats-package.core-properties+xml"
        static let extendedProperties = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
        private static let officeDocument = "application/vnd.openxmlformats-officedocument."
        static let wordDocument = officeDocument + "wordprocessingml.document.main+xml"
        static let wordStyles = officeDocument + "wordprocessingml.styles+xml"
        static let wordFooter = officeDocument + "wordprocessingml.footer+xml"
        static let workbook = officeDocument + "spreadsheetml.sheet.main+xml"
        static let worksheet = officeDocument + "spreadsheetml.worksheet+xml"
        static let spreadsheetStyles = officeDocument + "spreadsheetml.styles+xml"
        static let sharedStrings = officeDocument + "spreadsheetml.sharedStrings+xml"
    }

    /// The relationship types this package writes.
    enum RelationshipType {
        private static let officeDocumentBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        static let officeDocument = officeDocumentBase + "officeDocument"
        static let coreProperties = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
        static let extendedProperties = officeDocumentBase + "extended-properties"
        static let styles = officeDocumentBase + "styles"
        static let footer = officeDocumentBase + "footer"
        static let worksheet = officeDocumentBase + "worksheet"
        static let sharedStrings = officeDocumentBase + "sharedStrings"
    }

    /// The `r:` namespace that relationship ids in parts belong to.
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
}

/// Writes `data` to `path`, atomically, or throws a sentence naming the path.
func writeDocument(_ data: Data, to path: String) throws {
    do {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw OfficeError(.unwritable(path: path, reason: error.localizedDescription))
    }
}
