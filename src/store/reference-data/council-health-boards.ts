// The territorial health board for each Scottish council area (boundaries unchanged since the 2019
// Fife/Tayside and Glasgow/Lanarkshire recodes). Used when a placement does not name its health board.
export const HEALTH_BOARD_OF_COUNCIL: Readonly<Record<string, string>> = {
  S12000008: 'S08000015', // East Ayrshire -> Ayrshire and Arran
  S12000021: 'S08000015', // North Ayrshire
  S12000028: 'S08000015', // South Ayrshire
  S12000026: 'S08000016', // Scottish Borders -> Borders
  S12000006: 'S08000017', // Dumfries and Galloway
  S12000005: 'S08000019', // Clackmannanshire -> Forth Valley
  S12000014: 'S08000019', // Falkirk
  S12000030: 'S08000019', // Stirling
  S12000033: 'S08000020', // Aberdeen City -> Grampian
  S12000034: 'S08000020', // Aberdeenshire
  S12000020: 'S08000020', // Moray
  S12000017: 'S08000022', // Highland -> Highland
  S12000035: 'S08000022', // Argyll and Bute
  S12000036: 'S08000024', // City of Edinburgh -> Lothian
  S12000010: 'S08000024', // East Lothian
  S12000019: 'S08000024', // Midlothian
  S12000040: 'S08000024', // West Lothian
  S12000023: 'S08000025', // Orkney
  S12000027: 'S08000026', // Shetland
  S12000013: 'S08000028', // Comhairle nan Eilean Siar -> Western Isles
  S12000047: 'S08000029', // Fife
  S12000041: 'S08000030', // Angus -> Tayside
  S12000042: 'S08000030', // Dundee City
  S12000048: 'S08000030', // Perth and Kinross
  S12000049: 'S08000031', // Glasgow City -> Greater Glasgow and Clyde
  S12000045: 'S08000031', // East Dunbartonshire
  S12000039: 'S08000031', // West Dunbartonshire
  S12000011: 'S08000031', // East Renfrewshire
  S12000038: 'S08000031', // Renfrewshire
  S12000018: 'S08000031', // Inverclyde
  S12000050: 'S08000032', // North Lanarkshire -> Lanarkshire
  S12000029: 'S08000032', // South Lanarkshire
};
