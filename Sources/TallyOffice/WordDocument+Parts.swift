extension WordDocument {
    private static let namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// A4 in twips: 210 × 297 mm, as Word writes it.
    private static let a4 = (width: 11906, height: 16838)

    /// word/document.xml: the body, then the one section: A4 portrait, the margins, the footer when numbered.
    func documentXML() throws -> String {
        let top = try margins.top.twips("top margin")
        let right = try margins.right.twips("right margin")
        let bottom = try margins.bottom.twips("bottom margin")
        let left = try margins.left.twips("left margin")
        guard left + right < Self.a4.width else { throw OfficeError(.marginsTooWide("left and right")) }
        guard top + bottom < Self.a4.height else { throw OfficeError(.marginsTooWide("top and bottom")) }
        var xml = XMLWriter()
        try xml.element("w:document", ["xmlns:w": Self.namespace, "xmlns:r": OfficePackage.relationshipsNamespace]) { xml in
            try xml.element("w:body") { xml in
                var tables = 0
                for block in body {
                    switch block {
                    case .paragraph(let paragraph):
                        try paragraph.write(to: &xml)
                    case .table(let table):
                        tables += 1
                        try table.write(to: &xml, number: tables)
                    case .pageBreak:
                        xml.element("w:p") { xml in
                            xml.element("w:r") { xml in xml.empty("w:br", ["w:type": "page"]) }
                        }
                    }
                }
                xml.element("w:sectPr") { xml in
                    // rId2: the footer comes after the styles in word/_rels/document.xml.rels.
                    if pageNumbers { xml.empty("w:footerReference", ["w:type": "default", "r:id": "rId2"]) }
                    xml.empty("w:pgSz", ["w:w": String(Self.a4.width), "w:h": String(Self.a4.height)])
                    xml.empty("w:pgMar", [
                        "w:top": String(top), "w:right": String(right), "w:bottom": String(bottom), "w:left": String(left),
                        "w:header": String(min(top / 2, 567)), "w:footer": String(min(bottom / 2, 567)), "w:gutter": "0",
                    ])
                }
            }
        }
        return xml.text
    }

    /// word/styles.xml: the document font, size and language as defaults, single line spacing and no space after
    /// paragraphs, and the three default styles Word expects (paragraph, character, table).
    var stylesXML: String {
        var xml = XMLWriter()
        xml.element("w:styles", ["xmlns:w": Self.namespace]) { xml in
            xml.element("w:docDefaults") { xml in
                xml.element("w:rPrDefault") { xml in
                    xml.element("w:rPr") { xml in
                        xml.empty("w:rFonts", ["w:ascii": font.name, "w:hAnsi": font.name, "w:eastAsia": font.name, "w:cs": font.name])
                        let halfPoints = String(Font.halfPoints(font.size))
                        xml.empty("w:sz", ["w:val": halfPoints])
                        xml.empty("w:szCs", ["w:val": halfPoints])
                        xml.empty("w:lang", ["w:val": language])
                    }
                }
                xml.element("w:pPrDefault") { xml in
                    xml.element("w:pPr") { xml in
                        xml.empty("w:spacing", ["w:after": "0", "w:line": "240", "w:lineRule": "auto"])
                    }
                }
            }
            xml.element("w:style", ["w:type": "paragraph", "w:default": "1", "w:styleId": "Normal"]) { xml in
                xml.empty("w:name", ["w:val": "Normal"])
                xml.empty("w:qFormat")
            }
            xml.element("w:style", ["w:type": "character", "w:default": "1", "w:styleId": "DefaultParagraphFont"]) { xml in
                xml.empty("w:name", ["w:val": "Default Paragraph Font"])
                xml.empty("w:uiPriority", ["w:val": "1"])
                xml.empty("w:semiHidden")
            }
            xml.element("w:style", ["w:type": "table", "w:default": "1", "w:styleId": "TableNormal"]) { xml in
                xml.empty("w:name", ["w:val": "Normal Table"])
                xml.empty("w:uiPriority", ["w:val": "99"])
                xml.empty("w:semiHidden")
                xml.element("w:tblPr") { xml in
                    xml.empty("w:tblInd", ["w:w": "0", "w:type": "dxa"])
                    xml.element("w:tblCellMar") { xml in
                        // Word's own cell margins: none above and below, 0.19 cm left and right.
                        for (side, width) in [("w:top", "0"), ("w:left", "108"), ("w:bottom", "0"), ("w:right", "108")] {
                            xml.empty(side, ["w:w": width, "w:type": "dxa"])
                        }
                    }
                }
            }
        }
        return xml.text
    }

    /// word/footer1.xml: the page number, centred, as a PAGE field.
    static let footerXML: String = {
        var xml = XMLWriter()
        xml.element("w:ftr", ["xmlns:w": namespace]) { xml in
            xml.element("w:p") { xml in
                xml.element("w:pPr") { xml in xml.empty("w:jc", ["w:val": "center"]) }
                xml.element("w:fldSimple", ["w:instr": " PAGE "]) { xml in
                    xml.element("w:r") { xml in xml.element("w:t", text: "1") }
                }
            }
        }
        return xml.text
    }()
}
