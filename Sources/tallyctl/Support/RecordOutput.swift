import ArgumentParser
import Foundation
import TallyCommandLine
import TallyCore
import TallyProtocol
import TallyReport

/// `--format`, `--lang` and `--output` of `accept draft` and `accept show`: the record as text for a terminal, or
/// as one of its documents (SPEC §12). A draft's documents are marked DỰ THẢO / DRAFT.
struct RecordOutput: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, html, docx, xlsx, pdf, csv, json

        /// Whether the format is bytes no terminal should be sent.
        var isBinary: Bool { self == .docx || self == .xlsx || self == .pdf }
    }

    @Option(help: ArgumentHelp(
        "text, html, docx, xlsx, pdf (HTML printed by headless Chromium), csv or json (default: text).", valueName: "format"))
    var format: Format = .text

    @OptionGroup var language: LanguageOption

    @Option(help: ArgumentHelp("Write to this file.", valueName: "path"), completion: .file())
    var output: String?

    func validate() throws {
        if format.isBinary, output == nil, Terminal.standardOutputIsTTY {
            throw ValidationError("--format \(format.rawValue) writes a binary file: give --output PATH, or redirect standard output to a file.")
        }
    }

    /// Writes `draft` (signed as `signed`, when it is a signed record) in the format chosen to `--output` or standard
    /// output; `json` is the daemon's reply, `created` the documents' time.
    func write(_ draft: AcceptanceDraft, signed: AcceptanceRecord?, json: JSONValue, created: Date, global: GlobalOptions) throws {
        let l = language.language
        let bytes: Data
        switch global.json ? .json : format {
        case .json: bytes = Data((try JSONOutput.document(json) + "\n").utf8)
        case .csv: bytes = Data(RecordCSV.render(draft, number: signed?.number, language: l).utf8)
        case .text:
            let width = output == nil ? Terminal.standardOutput.width : nil
            bytes = Data((RecordText.lines(draft, signed: signed, language: l, maximumWidth: width).joined(separator: "\n") + "\n").utf8)
        case .html, .docx, .xlsx, .pdf:
            let document = AcceptanceDocument(draft, signed: signed, language: l, created: created)
            bytes = try Self.bytes(of: document, format: format)
        }
        guard let output else { return FileHandle.standardOutput.write(bytes) }
        do {
            try bytes.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CommandFailure("Cannot write \(output): \(error.localizedDescription.sentenceBody); choose a path in a writable directory.")
        }
        print(output)
    }

    /// The document in one of its formats for people; pdf needs Chromium.
    static func bytes(of document: AcceptanceDocument, format: Format) throws -> Data {
        do {
            switch format {
            case .docx: return try document.docx()
            case .xlsx: return try document.xlsx()
            case .pdf:
                guard let chromium = HeadlessChromium.find() else {
                    throw CommandFailure("--format pdf prints the record with a headless Chromium, and none is installed "
                        + "(no chromium, chromium-browser or google-chrome on PATH): install the Debian package chromium "
                        + "(apt-get install chromium), or write --format html and print that.")
                }
                return try chromium.pdf(html: document.html)
            default: return Data(document.html.utf8)
            }
        } catch let failure as HeadlessChromium.Failure {
            throw CommandFailure("Chromium could not print the record: \(failure.description.sentenceBody).")
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("Cannot write the record as \(format.rawValue): \(String(describing: error).sentenceBody).")
        }
    }
}
