import Foundation

extension Component {
    /// python3 with PyPI's `python-docx`, which reads .docx files.
    public static let pythonDocx = Component(
        "python3 with the PyPI python-docx package", remedy: "make test-deps installs it (or: python3 -m pip install python-docx)"
    ) { hasPythonDocx }

    /// python3 with PyPI's `openpyxl`, which reads .xlsx files.
    public static let openpyxl = Component(
        "python3 with the PyPI openpyxl package", remedy: "make test-deps installs it (or: python3 -m pip install openpyxl)"
    ) { hasOpenpyxl }

    /// LibreOffice's `soffice` with Writer and Calc, at ``sofficePath``.
    public static let libreOffice = Component(
        "LibreOffice (soffice, Writer and Calc)",
        remedy: "make test-deps installs it (or: apt-get install --no-install-recommends libreoffice-writer libreoffice-calc fonts-liberation)"
    ) { sofficePath != nil }

    /// `soffice` on PATH.
    public static let sofficePath: String? = onPath(["soffice", "libreoffice"])

    /// Poppler's `pdftotext`, at ``pdftotextPath``.
    public static let pdftotext = Component(
        "pdftotext", remedy: "make test-deps installs it (or: apt-get install --no-install-recommends poppler-utils)"
    ) { pdftotextPath != nil }

    /// `pdftotext` on PATH.
    public static let pdftotextPath: String? = onPath(["pdftotext"])

    /// Poppler's `pdftoppm`, which renders PDF pages as images, at ``pdftoppmPath``.
    public static let pdftoppm = Component(
        "pdftoppm", remedy: "make test-deps installs it (or: apt-get install --no-install-recommends poppler-utils)"
    ) { pdftoppmPath != nil }

    /// `pdftoppm` on PATH.
    public static let pdftoppmPath: String? = onPath(["pdftoppm"])

    private static let hasPythonDocx = pythonImports("docx")
    private static let hasOpenpyxl = pythonImports("openpyxl")

    private static func pythonImports(_ module: String) -> Bool {
        (try? Executables.run("/usr/bin/env", ["python3", "-c", "import \(module)"]))?.status == 0
    }
}

/// LibreOffice run headless as a converter, each run with its own profile so that runs in parallel do not collide.
public enum LibreOffice {
    /// Converts `input` with `soffice --headless --convert-to format` into `directory`; returns the path of the
    /// result. LibreOffice's first start in a fresh profile is slow, hence the long default timeout.
    public static func convert(
        _ input: String, to format: String, in directory: TemporaryDirectory, timeout: Duration = .seconds(600)
    ) throws -> String {
        guard let soffice = Component.sofficePath else {
            throw Executables.Failure(description: "soffice is not on PATH")
        }
        let output = try directory.makeDirectory("converted")
        let profile = try directory.makeDirectory("libreoffice-profile")
        let result = try Executables.run(
            soffice,
            ["-env:UserInstallation=file://\(profile)", "--headless", "--norestore", "--convert-to", format, "--outdir", output, input],
            environment: ["HOME": directory.path], timeout: timeout)
        let stem = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
        let extensionEnd = format.firstIndex(of: ":") ?? format.endIndex
        let converted = "\(output)/\(stem).\(format[..<extensionEnd])"
        guard result.status == 0, FileManager.default.fileExists(atPath: converted) else {
            throw Executables.Failure(description: "soffice did not convert \(input) to \(format): \(result)")
        }
        return converted
    }
}

/// Poppler's tools as readers of a PDF that share nothing with what wrote it.
public enum Poppler {
    /// The text of `pdf` as pdftotext extracts it, in NFC, pages ending in form feeds.
    public static func text(_ pdf: String) throws -> String {
        guard let pdftotext = Component.pdftotextPath else { throw Executables.Failure(description: "pdftotext is not on PATH") }
        let result = try Executables.run(pdftotext, ["-enc", "UTF-8", pdf, "-"])
        guard result.status == 0 else { throw Executables.Failure(description: "pdftotext could not read \(pdf): \(result)") }
        return result.stdout.precomposedStringWithCanonicalMapping
    }

    /// `text` with every run of white space one space: a paragraph compared whatever the lines it wrapped into.
    public static func flowing(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Renders the first page of `pdf` as a PNG of `resolution` dots per inch at `png` (a path ending in .png).
    public static func firstPagePNG(_ pdf: String, to png: String, resolution: Int = 60) throws {
        guard let pdftoppm = Component.pdftoppmPath else { throw Executables.Failure(description: "pdftoppm is not on PATH") }
        let stem = String(png.dropLast(4))
        let result = try Executables.run(
            pdftoppm, ["-png", "-r", String(resolution), "-f", "1", "-l", "1", "-singlefile", pdf, stem])
        guard result.status == 0 else { throw Executables.Failure(description: "pdftoppm could not render \(pdf): \(result)") }
    }
}
