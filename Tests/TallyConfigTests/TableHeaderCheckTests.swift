@testable import TallyConfig
import Testing

/// `TableHeaderCheck` flags only headers toml++ cannot survive, never a `[` inside a value.
@Suite struct TableHeaderCheckTests {
    @Test(arguments: [
        "[daemon]\nsocket = \"x\"\n",
        "[[quota]]\nid = \"q\"\n[ \"quoted key\" ]\n",
        "tags = [\n  [\n    1, 2],\n  [3],\n]\n[x]\n",
        "title = \"\"\"\n[\nnot a header\n\"\"\"\"\n[x]\n",
        "title = '''\n[\n'''\nt = '[\n'\n",
        "a = \"[\\\"\" # [\n[b] # [=\n",
        "x = 1\n[",  // the text ends after `[`: toml++ reports that itself
        "[ [a]]\n",  // brackets not contiguous: toml++ reports that itself
    ])
    func acceptsWhatTomlPlusPlusHandles(text: String) {
        #expect(TableHeaderCheck.firstKeylessHeader(in: text) == nil)
    }

    @Test func reportsTheHeadersLineAndColumn() {
        let found = TableHeaderCheck.firstKeylessHeader(in: "id = \"a\"\nx = [1,\n 2]\n  [[=\n")
        #expect(found?.line == 4 && found?.column == 3)
    }
}
