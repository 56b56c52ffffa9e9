package web

import (
	"github.com/twinningtracker/twinning/seed"
)

// What the portal says about its data as a dataset, in one place: the CSV zip's
// datapackage.json, the schema.org Dataset on /data and the DCAT catalogue all take
// their title, description, licences and sources from here.

// datasetTitle and datasetDescription name the dataset in English and French (DCAT
// asks for both; schema.org takes the English).
var (
	datasetTitle = map[string]string{
		"en": "Twinning Tracker: sister-city and friendship agreements and their exchanges",
		"fr": "Twinning Tracker : accords de jumelage et d’amitié et leurs échanges",
	}
	datasetDescription = map[string]string{
		"en": "Agreements between sub-national governments (sister and friendship cities, provinces and districts), " +
			"their lifecycle, and the exchange activities reported under them, each with its sources. Unknown values " +
			"are empty, never guessed; activeness is judged only where a record is complete.",
		"fr": "Accords entre gouvernements infranationaux (villes, provinces et districts jumelés ou amis), leur " +
			"cycle de vie et les activités d’échange déclarées, chacun avec ses sources. Une valeur inconnue reste " +
			"vide, jamais devinée.",
	}
)

// datasetLicences are the data's licences (LICENSE.txt in the CSV zip says which rows
// each covers).
var datasetLicences = []seed.PackageLicense{
	{Name: "CC-BY-SA-4.0", Path: "https://creativecommons.org/licenses/by-sa/4.0/",
		Title: "Creative Commons Attribution-ShareAlike 4.0 International (rows from Wikipedia's lists of twin towns)"},
	{Name: "ODbL-1.0", Path: "https://opendatacommons.org/licenses/odbl/1-0/",
		Title: "Open Database License 1.0 (coordinates from OpenStreetMap Nominatim)"},
}

// datasetSources are the main sources the records come from (each row cites its own).
var datasetSources = []seed.PackageSource{
	{Title: "Wikipedia contributors: lists of twin towns and sister cities (scraped and geocoded by Hekman/twincities)",
		Path: "https://github.com/Hekman/twincities"},
	{Title: "Asia Pacific Foundation of Canada: Toward a Canadian twinning strategy (2019)",
		Path: "https://www.asiapacific.ca/publication/toward-canadian-twinning-strategy-lessons-south-korea"},
	{Title: "Dangjin City: international exchange records", Path: "https://github.com/min3076/dangjin2023"},
	{Title: "Reports by officials of the governments concerned, on the portal"},
}
