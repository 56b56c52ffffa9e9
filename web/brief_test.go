package web_test

import (
	"fmt"
	"image"
	"image/draw"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	qr "github.com/piglig/go-qr"
)

// The council brief says what a council needs on one page: parties, kind, dates,
// the judgement with its rule and coverage, activities by field and direction, what
// is known of costs, the sources as addresses and the live record's address.
func TestCouncilBrief(t *testing.T) {
	d := doc(t, mustGet(t, "/agreements/calgary-ca--daejeon-kr", http.StatusOK))
	link := d.Find(".brief-link a").AttrOr("href", "")
	if link != "/agreements/calgary-ca--daejeon-kr/brief" {
		t.Fatalf("the agreement page links the brief at %q", link)
	}
	b := doc(t, mustGet(t, link, http.StatusOK))
	body := text(b.Find("article.brief"))
	for _, want := range []string{"Council brief: Calgary – Daejeon", "Calgary (Canada) – Daejeon (South Korea)", "sister",
		"not reported", "nobody has reported whether anything happened", "How activeness is judged",
		"No activity is recorded in 2021–2026", "No activities are recorded, so no costs are recorded either.",
		"Live record, with every activity and the record's public history: http://portal.test/agreements/calgary-ca--daejeon-kr"} {
		if !strings.Contains(body, want) {
			t.Errorf("brief lacks %q:\n%s", want, body)
		}
	}
	b.Find(".brief-sources .url").Each(func(_ int, s *goquery.Selection) {
		if !strings.HasPrefix(s.Text(), "http") {
			t.Errorf("a source printed as %q, not an address", s.Text())
		}
	})
	// Activities by field and direction, for the window's years.
	bh := doc(t, mustGet(t, "/agreements/burnaby-ca--hwaseong-kr/brief", http.StatusOK))
	var cells []string
	bh.Find(".brief-table tbody tr").First().Find("th, td").Each(func(_ int, s *goquery.Selection) { cells = append(cells, text(s)) })
	// 2021…2026, then from Burnaby, from Hwaseong, joint, unknown: the 2025 MOU Hwaseong signed.
	if row := strings.Join(cells, "|"); row != "economy and trade|0|0|0|0|1|0|0|1|0|0" {
		t.Errorf("Burnaby–Hwaseong's first field row = %q", row)
	}
	if got := text(doc(t, mustGet(t, "/ko/agreements/burnaby-ca--hwaseong-kr/brief", http.StatusOK)).Find("h1")); got != "의회 보고용 요약: Burnaby – 화성시" {
		t.Errorf("Korean brief title = %q", got)
	}
	mustGet(t, "/agreements/no-such-agreement/brief", http.StatusNotFound)
}

// The brief's QR code reads back as the live record's address.
func TestBriefQRCodeReadsBack(t *testing.T) {
	b := doc(t, mustGet(t, "/fr/agreements/burnaby-ca--hwaseong-kr/brief", http.StatusOK))
	svg := b.Find(".brief-live svg.qr")
	var size int
	if _, err := fmt.Sscanf(svg.AttrOr("viewBox", ""), "0 0 %d", &size); err != nil || size < 21+8 {
		t.Fatalf("QR viewBox %q", svg.AttrOr("viewBox", ""))
	}
	const scale = 4
	img := image.NewGray(image.Rect(0, 0, size*scale, size*scale))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	for _, m := range regexp.MustCompile(`M(\d+) (\d+)h1v1h-1z`).FindAllStringSubmatch(svg.Find("path").AttrOr("d", ""), -1) {
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		draw.Draw(img, image.Rect(x*scale, y*scale, (x+1)*scale, (y+1)*scale), image.Black, image.Point{}, draw.Src)
	}
	got, err := qr.Decode(img)
	if err != nil {
		t.Fatal(err)
	}
	if want := "http://portal.test/fr/agreements/burnaby-ca--hwaseong-kr"; got != want {
		t.Errorf("the QR code reads %q, want %q", got, want)
	}
}
