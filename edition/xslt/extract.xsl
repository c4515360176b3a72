<?xml version="1.0" encoding="UTF-8"?>
<!--
  One TEI document -> its extract (common/names-model.xsl, ed:document-extract): what the
  contents page (index.xsl) and the index of names (names.xsl) need of it. A build makes
  it once per TEI file (kept by the file's hash), so that the two pages, which need every
  document, read small extracts instead of every TEI document on each change.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="common/text.xsl"/>
  <xsl:include href="common/names-model.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- Written with markers (processing instructions, which no text or attribute can contain unescaped), so that
       edition/listing.py can put the extracts of every document into one listing, each register copy once, by
       cutting strings instead of parsing 1,000 files:
         <extract …>(participant, summary)<?ed-records?>(record)<?ed-record?>(record)…<?ed-entities?>(entity)…</extract>
       which listing.py turns back into ed:document-extract's form (records inside <records>). -->
  <xsl:template match="/">
    <xsl:if test="empty(TEI)">
      <xsl:message terminate="yes">Not a TEI document: no extract for the index of names.</xsl:message>
    </xsl:if>
    <xsl:for-each select="ed:document-extract(.)">
      <xsl:copy>
        <xsl:sequence select="@*, Q{}participant, Q{}summary"/>
        <xsl:processing-instruction name="ed-records"/>
        <xsl:for-each select="Q{}records/*">
          <xsl:if test="position() gt 1"><xsl:processing-instruction name="ed-record"/></xsl:if>
          <xsl:sequence select="."/>
        </xsl:for-each>
        <xsl:processing-instruction name="ed-entities"/>
        <xsl:sequence select="Q{}entity"/>
      </xsl:copy>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
