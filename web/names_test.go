package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// A foreign partner's Korean rendering is its Korean name, shown on /ko, never its
// "own script" name: English pages do not show Rizhao as "Rizhao (일조시)" tagged
// lang=ko.
func TestKoreanRenderingsAreKoreanNamesNotOwnScript(t *testing.T) {
	d := doc(t, mustGet(t, "/governments/dangjin-kr", http.StatusOK))
	partners := d.Find("table").First()
	for _, bad := range []string{"일조시", "스노호미쉬군"} {
		if strings.Contains(partners.Text(), bad) {
			t.Errorf("Dangjin's English partner table shows %q as an own-script name", bad)
		}
	}
	if n := partners.Find(`[lang="ko"]`).Length(); n != 0 {
		t.Errorf("Dangjin's English partner table tags %d names lang=ko; none of its partners' own script is Korean", n)
	}
	ko := doc(t, mustGet(t, "/ko/governments/rizhao-cn", http.StatusOK))
	if got := text(ko.Find("h1")); !strings.HasPrefix(got, "일조시") || !strings.Contains(got, "Rizhao") {
		t.Errorf("/ko/governments/rizhao-cn heading = %q, want 일조시 with Rizhao beside it", got)
	}
	if lang := ko.Find("h1 .alt").AttrOr("lang", ""); lang != "en" {
		t.Errorf("the romanised name beside 일조시 is tagged lang=%q, want en", lang)
	}
	en := doc(t, mustGet(t, "/governments/rizhao-cn", http.StatusOK))
	if got := text(en.Find("h1")); got != "Rizhao" {
		t.Errorf("/governments/rizhao-cn heading = %q, want Rizhao alone (its own name 日照市 is not in the sources)", got)
	}
	if !strings.Contains(text(doc(t, mustGet(t, "/ko/governments/dangjin-kr", http.StatusOK)).Find("table").First()), "스노호미쉬군") {
		t.Error("/ko/governments/dangjin-kr does not name Snohomish County in Korean")
	}
}

// A place's Korean name is searchable: 일조시 finds Rizhao.
func TestKoreanNamesAreSearchable(t *testing.T) {
	d := doc(t, mustGet(t, "/ko/search?q=%EC%9D%BC%EC%A1%B0%EC%8B%9C", http.StatusOK))
	if d.Find(`a[href="/ko/governments/rizhao-cn"]`).Length() == 0 {
		t.Errorf("/ko/search?q=일조시 does not find Rizhao:\n%s", text(d.Find("main")))
	}
}
