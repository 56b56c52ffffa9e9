package chartsvg

import (
	"strings"
	"testing"
)

// Whatever a label or an option smuggles into the drawing, the cleaned SVG carries
// no script, no handler, no link out and no inline style.
func TestCleanKeepsNothingThatRuns(t *testing.T) {
	raw := `<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">
<style><![CDATA[.zr1-cls-2:hover{fill:red}]]></style>
<script>alert(2)</script>
<foreignObject><div>x</div></foreignObject>
<a xlink:href="javascript:alert(3)"><text>link</text></a>
<path d="M0 0" fill="url(https://evil.example/x)" class="zr1-cls-2" onclick="alert(4)"></path>
<rect clip-path="url(#zr1-c0)" width="1" height="1" style="fill:red;behavior:url(x);font-size:12px"></rect>
<text style="font-size:12px;font-family:sans-serif;" xml:space="preserve">&lt;/svg&gt;&lt;script&gt;alert(5)&lt;/script&gt;</text>
</svg>`
	got, err := Clean(raw, "chart_1", `"><script>alert(6)</script>`)
	if err != nil {
		t.Fatal(err)
	}
	for _, banned := range []string{"<script", "onload", "onclick", "<style", "foreignObject", "javascript", "evil.example", "style=", "behavior", "<a", "link</text>", "zr1-"} {
		if strings.Contains(got, banned) {
			t.Errorf("%q survived: %s", banned, got)
		}
	}
	for _, want := range []string{`clip-path="url(#chart_1-1)"`, `fill="red"`, `font-size="12px"`, `xml:space="preserve"`,
		`&lt;/svg&gt;&lt;script&gt;alert(5)&lt;/script&gt;`, `aria-label="&quot;&gt;&lt;script&gt;alert(6)&lt;/script&gt;"`, `<path d="M0 0" class="chart_1-0"/>`} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in %s", want, got)
		}
	}
}

func TestCleanRefusesWhatIsNotOneSVG(t *testing.T) {
	for _, raw := range []string{"", "<svg><g></svg>", "<html/>", "<svg/><svg/>"} {
		if got, err := Clean(raw, "c", ""); err == nil {
			t.Errorf("Clean(%q) = %q, want an error", raw, got)
		}
	}
	if _, err := Clean("<svg/>", "bad id", ""); err == nil {
		t.Error("a chart id with a space was accepted")
	}
}
