import TallyCore

/// One input: CSV text → records → rows by column → deliveries, as `tallyctl import` reads a file.
/// Errors are the expected outcome for most inputs; only a crash or a sanitizer report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for agreementGiven in [false, true] {
        guard let rows = try? DeliveryCSV.parse(text, agreementGiven: agreementGiven) else { continue }
        for row in rows {
            if let delivery = try? DeliveryCSV.delivery(from: row.fields, defaultAgreement: agreementGiven ? "fuzz" : nil) {
                // Export and read back: what tally writes it must be able to read.
                let line = DeliveryCSV.headerLine + "\n" + DeliveryCSV.line(for: delivery) + "\n"
                guard let again = try? DeliveryCSV.parse(line), again.count == 1,
                      let back = try? DeliveryCSV.delivery(from: again[0].fields)
                else { fatalError("an exported delivery does not read back: \(line.debugDescription)") }
                precondition(back == delivery, "round trip changed the delivery: \(line.debugDescription)")
            }
        }
    }
    return 0
}
