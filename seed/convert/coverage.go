package main

// Coverage and reference figures the sources state, written as coverage.csv and
// references.csv.

// djCoverage is the span of Dangjin's published exchange history ("그간의 교류
// 상황"): the city's pages list its exchanges with each partner from the first, in
// 1988, to the copy's last entries in 2022. A partner with nothing listed in
// 2021–2022 had nothing the city published, which is what coverage means.
var djCoverage = coverageRow{Government: "dangjin-kr", From: "1988", To: "2022",
	Source: "https://github.com/min3076/dangjin2023/blob/772443f02ef3b33e26e004fc9e3ad48abd7db21f/html/kor/sub04/sub04_05_02_01.jsp"}

type coverageRow struct{ Government, From, To, Source string }

// apf is the Asia Pacific Foundation of Canada's report citing the Governors
// Association of Korea (GAOK) and its own count, as of December 2019.
const apf = "https://www.asiapacific.ca/publication/toward-canadian-twinning-strategy-lessons-south-korea"

type referenceRow struct{ Scope, AsOf, Figure, Value, Note string }

// references are the published counts the portal's own are set beside.
var references = []referenceRow{
	{"CA", "2019-12", "relationships", "339", "Canadian sub-national twinning relationships, as APF counted them"},
	{"CA", "2019-12", "countries", "34", "countries of Canada's partners, as APF counted them"},
	{"CA-KR", "2019-12", "relationships", "21", "Canada–Korea relationships, as APF counted them"},
	{"CA-KR:Alberta", "2019-12", "relationships", "4", ""},
	{"CA-KR:British Columbia", "2019-12", "relationships", "4", ""},
	{"CA-KR:Manitoba", "2019-12", "relationships", "0", "not in the published split by province, which sums to the total of 21"},
	{"CA-KR:New Brunswick", "2019-12", "relationships", "2", ""},
	{"CA-KR:Ontario", "2019-12", "relationships", "9", ""},
	{"CA-KR:Quebec", "2019-12", "relationships", "2", ""},
	{"KR", "2019-12", "countries", "82", "countries of Korea's partners (GAOK)"},
	{"KR", "2019-12", "friendship", "1009", "friendship (exchange) agreements of Korean local governments (GAOK)"},
	{"KR", "2019-12", "relationships", "1725", "international relationships of Korean local governments, sister and friendship (GAOK)"},
	{"KR", "2019-12", "sister", "716", "sister agreements of Korean local governments (GAOK)"},
}
