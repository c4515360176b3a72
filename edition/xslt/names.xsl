<?xml version="1.0" encoding="UTF-8"?>
<!--
  The web index of names (names.html): Persons, Places, Organisations, each entity
  once (grouped by the @ref of its mentions across all conversations), with the
  conversations naming it and, per language version, the number of mentions linked
  to the first one (the "m-<n>" anchors of html.xsl).
  Input: the listing of index.xsl
    <conversations><conversation href="….html" src="file:///….xml"/>…</conversations>
  An entry may hold the document's extract (<extract>, made by extract.xsl, see
  common/names-model.xsl), as a build gives them: the TEI is then not read at all.
  An entity named in more than $names-per-entry conversations lists the first $names-per-entry of them here and
  all of them on a page of its own, names/<id>.html (xsl:result-document, beside names.html): at a
  thousand conversations the page listing every conversation of every name was 23 MB, 290,000
  elements, eight seconds to open in a browser. The mentions' links (names.html#<id>) are unchanged.
  Sorting: persons by family name (Chinese names, i.e. persons with a preferred
  Chinese name, by the first word of the English name; others by the last word),
  places and organisations by name; see ed:entity-sort-key in common/entities.xsl.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="common/text.xsl"/>
  <xsl:include href="common/names-model.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" include-content-type="no" indent="no"/>

  <xsl:param name="css-href" as="xs:string" select="'edition.css'"/>
  <xsl:param name="index-href" as="xs:string" select="'index.html'"/>
  <xsl:param name="edition-title" as="xs:string" select="''"/>
  <xsl:param name="pdf-href" as="xs:string" select="''"/>
  <!-- the conversations an entry lists on this page; more have a page of their own (0: no limit) -->
  <xsl:param name="names-per-entry" as="xs:integer" select="20"/>

  <xsl:mode on-no-match="shallow-skip"/>
  <xsl:mode name="entity" on-no-match="fail"/>

  <xsl:variable name="ed:section-titles" as="map(xs:string, xs:string)"
                select="map{'person': 'Persons', 'place': 'Places', 'org': 'Organisations'}"/>

  <xsl:template match="/">
    <xsl:variable name="entries" as="element()*">
      <xsl:for-each select="Q{}conversations/Q{}conversation">
        <xsl:sort select="ed:entry-sort-key(.)"/>
        <xsl:sort select="string(@href)"/>
        <xsl:sequence select="."/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="index" select="ed:entity-index($entries)"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="string-join(('Index of names', $edition-title[.]), ' — ')"/></title>
        <link rel="stylesheet" href="{$css-href}"/>
      </head>
      <body class="names-page">
        <a class="skip-link" href="#main">Skip to the index</a>
        <header class="site">
          <a class="home" href="{$index-href}"><xsl:value-of select="($edition-title[.], 'Contents')[1]"/></a>
          <nav class="site-nav" aria-label="The edition">
            <a href="{$index-href}">Contents</a>
            <span class="current" aria-current="page">Index of names</span>
            <xsl:if test="$pdf-href"><a href="{$pdf-href}">PDF</a></xsl:if>
          </nav>
        </header>
        <main id="main">
          <header class="names-head">
            <h1>Index of names</h1>
            <p class="names-intro">
              <xsl:value-of select="string-join(for $k in $ed:kinds[$index/@kind = .] return ed:count-phrase(count($index[@kind = $k]), $k), ', ')"/>
              <xsl:value-of select="' named in ' || count($entries) || ' conversation' || (if (count($entries) ne 1) then 's' else '') || '. '"/>
              Under each name: the conversations that name it and, for each language version, the number of
              mentions, which links to the first. Persons are listed by family name: for Chinese names the first
              word of the name, for others the last.
            </p>
          </header>
          <nav class="names-toc" aria-label="Sections">
            <xsl:for-each select="$ed:kinds[$index/@kind = .]">
              <a href="#sec-{.}"><xsl:value-of select="$ed:section-titles(.)"/>
                <span class="n"><xsl:value-of select="count($index[@kind = current()])"/></span></a>
            </xsl:for-each>
          </nav>
          <xsl:for-each select="$ed:kinds[$index/@kind = .]">
            <xsl:variable name="kind" select="."/>
            <section class="names-section kind-{$kind}" id="sec-{$kind}" aria-labelledby="h-{$kind}">
              <h2 id="h-{$kind}"><xsl:value-of select="$ed:section-titles($kind)"/></h2>
              <ol class="entities">
                <xsl:apply-templates select="$index[@kind = $kind]/(., Q{}see)" mode="entity">
                  <xsl:sort select="@sort" collation="{$ed:collation}"/>
                  <xsl:sort select="@label" collation="{$ed:collation}"/>
                </xsl:apply-templates>
              </ol>
            </section>
          </xsl:for-each>
          <xsl:if test="empty($index)"><p class="names-none">No names are marked in these conversations.</p></xsl:if>
        </main>
        <footer class="site"><p><a href="{$index-href}">Contents</a></p></footer>
      </body>
    </html>
    <xsl:for-each select="$index[ed:listed-apart(.)]">
      <xsl:result-document href="{ed:entity-page(.)}">
        <xsl:apply-templates select="." mode="entity-page"/>
      </xsl:result-document>
    </xsl:for-each>
  </xsl:template>

  <!-- Whether an entity's conversations are listed on a page of its own. -->
  <xsl:function name="ed:listed-apart" as="xs:boolean">
    <xsl:param name="entity" as="element(Q{}entity)"/>
    <xsl:sequence select="$names-per-entry gt 0 and count($entity/Q{}conv) gt $names-per-entry"/>
  </xsl:function>

  <!-- The page of an entity, relative to names.html: names/<id>.html, the id as it is (an xml:id: no "/" or
       ":"), percent-encoded in the link. -->
  <xsl:function name="ed:entity-page" as="xs:string">
    <xsl:param name="entity" as="element(Q{}entity)"/>
    <xsl:sequence select="'names/' || encode-for-uri($entity/@id) || '.html'"/>
  </xsl:function>

  <!-- An entity's own page: its head as in names.html and every conversation naming it. One folder below
       names.html: the links to the edition's pages go up one. -->
  <xsl:template match="Q{}entity" mode="entity-page">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="string-join((@label, 'Index of names', $edition-title[.]), ' — ')"/></title>
        <link rel="stylesheet" href="../{$css-href}"/>
      </head>
      <body class="names-page entity-page">
        <a class="skip-link" href="#main">Skip to the entry</a>
        <header class="site">
          <a class="home" href="../{$index-href}"><xsl:value-of select="($edition-title[.], 'Contents')[1]"/></a>
          <nav class="site-nav" aria-label="The edition">
            <a href="../{$index-href}">Contents</a>
            <a href="../names.html#{@id}">Index of names</a>
            <xsl:if test="$pdf-href"><a href="../{$pdf-href}">PDF</a></xsl:if>
          </nav>
        </header>
        <main id="main">
          <p class="names-intro entity-intro">From the <a href="../names.html#{@id}">index of names</a>: the
            <xsl:value-of select="count(Q{}conv)"/> conversations naming this <xsl:value-of select="ed:kind-label(@kind)"/>,
            and for each language version the number of mentions, which links to the first.</p>
          <ol class="entities">
            <xsl:apply-templates select="." mode="entity"><xsl:with-param name="up" select="'../'"/></xsl:apply-templates>
          </ol>
        </main>
        <footer class="site"><p><a href="../names.html#{@id}">Index of names</a></p></footer>
      </body>
    </html>
  </xsl:template>

  <xsl:function name="ed:count-phrase" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="$n || ' ' || (if ($n eq 1) then ed:kind-label($kind) else lower-case($ed:section-titles($kind)))"/>
  </xsl:function>

  <!-- A cross-reference: "Port Arthur see Lüshun". -->
  <xsl:template match="Q{}see" mode="entity">
    <li class="xref"><span class="xref-name" lang="en"><xsl:value-of select="@label"/></span>
      <xsl:text> </xsl:text><i>see</i><xsl:text> </xsl:text><a href="#{../@id}"><xsl:value-of select="../@label"/></a></li>
  </xsl:template>

  <!-- An entry: in names.html ($up ''), the first $names-per-entry conversations of an entity listed apart and a
       link to its page; on that page ($up '../', one folder down), all of them. -->
  <xsl:template match="Q{}entity" mode="entity">
    <xsl:param name="up" as="xs:string" select="''"/>
    <xsl:variable name="apart" select="$up eq '' and ed:listed-apart(.)"/>
    <li class="entity{if (@resolved = 'false') then ' unresolved' else ''}" id="{@id}">
      <div class="entity-head">
        <!-- the page's heading on the entity's own page -->
        <xsl:element name="{if ($up) then 'h1' else 'h3'}"><xsl:attribute name="class" select="'entity-name'"/>
          <xsl:attribute name="lang" select="'en'"/><xsl:value-of select="@label"/></xsl:element>
        <xsl:if test="@ru or @zh">
          <p class="entity-names">
            <xsl:for-each select="@ru, @zh"><span lang="{local-name()}"><xsl:value-of select="."/></span><xsl:text> </xsl:text></xsl:for-each>
          </p>
        </xsl:if>
        <xsl:if test="Q{}see">
          <p class="entity-also">also <xsl:value-of select="string-join(Q{}see/@label, ', ')"/></p>
        </xsl:if>
        <xsl:if test="@dates or @occupation or @wikidata or @geo or @resolved = 'false'">
          <p class="entity-facts">
            <xsl:for-each select="@dates, @occupation"><span class="{local-name()}"><xsl:value-of select="."/></span><xsl:text> </xsl:text></xsl:for-each>
            <xsl:for-each select="@geo">
              <a class="geo" href="https://www.openstreetmap.org/?mlat={substring-before(., ' ')}&amp;mlon={substring-after(., ' ')}#map=6/{translate(., ' ', '/')}"
                 title="On OpenStreetMap"><xsl:value-of select="ed:geo-text(.)"/></a><xsl:text> </xsl:text>
            </xsl:for-each>
            <xsl:if test="@wikidata"><a class="wikidata" href="https://www.wikidata.org/wiki/{@wikidata}">Wikidata <xsl:value-of select="@wikidata"/></a></xsl:if>
            <xsl:if test="@resolved = 'false'"><span class="unresolved-note">not described in the documents</span></xsl:if>
          </p>
        </xsl:if>
      </div>
      <ul class="occurrences">
        <xsl:for-each select="if ($apart) then Q{}conv[position() le $names-per-entry] else Q{}conv">
          <li>
            <a class="conv" href="{$up}{@href}" title="{@title}">
              <time datetime="{@when}"><xsl:value-of select="@date"/></time>
              <xsl:text> </xsl:text>
              <span class="conv-title"><xsl:value-of select="@short"/></span>
            </a>
            <span class="versions">
              <xsl:if test="normalize-space(@role)"><span class="role"><xsl:value-of select="@role"/></span></xsl:if>
              <xsl:for-each select="Q{}version">
                <xsl:text> </xsl:text>
                <a class="version-mentions" href="{$up}{../@href}#{@first}"
                   title="{@label || ': ' || @count || ' mention' || (if (@count ne '1') then 's' else '') || '; this link goes to the first'}">
                  <xsl:value-of select="@label"/><xsl:text> </xsl:text><span class="count"><xsl:value-of select="@count"/></span>
                </a>
              </xsl:for-each>
            </span>
          </li>
        </xsl:for-each>
        <xsl:if test="$apart">
          <xsl:variable name="n" select="count(Q{}conv)"/>
          <li class="more"><a class="all-conversations" href="{ed:entity-page(.)}"><xsl:value-of
            select="'All ' || $n || ' conversations naming ' || @label"/></a><xsl:value-of select="' (' || $n - $names-per-entry || ' more)'"/></li>
        </xsl:if>
      </ul>
    </li>
  </xsl:template>
</xsl:stylesheet>
