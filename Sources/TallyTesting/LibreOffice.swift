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
