"""The ministry's consolidated report: the regions' latest annual forms of a cycle summed nationally and by
federal district, the forms' completeness, validation rules with their findings, charts, a tile map,
and the summary laid out as Markdown, HTML, XLSX, DOCX and PDF."""
